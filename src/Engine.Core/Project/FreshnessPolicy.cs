using Engine.Core.Diagnostics;

namespace Engine.Core.Project;

public sealed record FreshnessThreshold(int Count, string Period);

/// <summary>Source freshness: how old <c>loaded_at_field</c> may get before a warning or an error.</summary>
public sealed record FreshnessPolicy(FreshnessThreshold? WarnAfter, FreshnessThreshold? ErrorAfter, string? Filter, SourceLocation Location);
