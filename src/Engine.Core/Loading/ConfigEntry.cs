using Engine.Core.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Engine.Core.Loading;

/// <summary>One <c>key: value</c> of a config, from YAML or from a template's <c>config {...}</c>, as a plain value.</summary>
public sealed record ConfigEntry(string Key, object? Value, SourceLocation Location)
{
    /// <summary>The YAML value, when the entry was written in YAML: nested values keep their own positions.</summary>
    public YamlNode? Node { get; init; }
}
