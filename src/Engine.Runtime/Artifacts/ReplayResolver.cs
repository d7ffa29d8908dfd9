using Engine.Core.Compilation.Caching;
using Engine.Core.Templating;

namespace Engine.Runtime.Artifacts;

/// <summary>
/// Answers a model's ref and source calls with the text each resolved to in the compile the shortcut continues; a call
/// it was not asked there is <see cref="Missed"/> (the shortcut then gives way to a full compile).
/// </summary>
public sealed class ReplayResolver(IEnumerable<CachedResolution> resolutions) : INodeResolver
{
    private readonly Dictionary<(bool, string?, string), string> _texts =
        resolutions.DistinctBy(r => (r.IsSource, r.First, r.Second)).ToDictionary(r => (r.IsSource, r.First, r.Second), r => r.Text);

    public bool Missed { get; private set; }

    public string ResolveRef(NodeRenderState state, RefCall call) => Text(false, call.Package, call.Name);

    public string ResolveSource(NodeRenderState state, SourceCall call) => Text(true, call.SourceName, call.TableName);

    private string Text(bool isSource, string? first, string second)
    {
        if (_texts.TryGetValue((isSource, first, second), out var text))
        {
            return text;
        }

        Missed = true;
        return string.Empty;
    }
}
