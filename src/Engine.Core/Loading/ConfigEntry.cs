using Engine.Core.Diagnostics;

namespace Engine.Core.Loading;

/// <summary>One <c>key: value</c> of a config, from YAML or from a template's <c>config {...}</c>, as a plain value.</summary>
public sealed record ConfigEntry(string Key, object? Value, SourceLocation Location);
