using Engine.Core.Diagnostics;

namespace Engine.Core.Project;

/// <summary>One adapter-specific key of a target (host, account, ...), as written, with where it was written.</summary>
public sealed record TargetSetting(string Value, SourceLocation Location);
