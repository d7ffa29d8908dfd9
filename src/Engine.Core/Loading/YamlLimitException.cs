using YamlDotNet.Core;

namespace Engine.Core.Loading;

/// <summary>A YAML file over one of <see cref="BoundedYamlParser"/>'s limits, with its own diagnostic code.</summary>
public sealed class YamlLimitException(string code, Mark start, string reason) : YamlException(start, start, reason)
{
    public string Code { get; } = code;

    /// <summary>The message without YamlDotNet's position prefix: the diagnostic says where.</summary>
    public string Reason { get; } = reason;
}
