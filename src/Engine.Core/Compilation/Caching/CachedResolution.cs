using Engine.Core.Diagnostics;
using Engine.Core.Templating;

namespace Engine.Core.Compilation.Caching;

/// <summary>
/// One ref or source call of a cached render and the text it resolved to. <paramref name="First"/> is a ref's package
/// (or null) or a source's name; <paramref name="Second"/> the model or the source's table.
/// </summary>
public sealed record CachedResolution(bool IsSource, string? First, string Second, string Text)
{
    public static CachedResolution? From(object call, string text) => call switch
    {
        RefCall r => new CachedResolution(false, r.Package, r.Name, text),
        SourceCall s => new CachedResolution(true, s.SourceName, s.TableName, text),
        _ => null,
    };

    /// <summary>Whether the call still resolves to the same text; any failure to resolve counts as a change.</summary>
    public bool StillHolds(INodeResolver resolver, NodeRenderState probe, SourceLocation location)
    {
        try
        {
            var now = IsSource
                ? resolver.ResolveSource(probe, new SourceCall(First!, Second, location))
                : resolver.ResolveRef(probe, new RefCall(First, Second, location));
            return string.Equals(now, Text, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or TemplateFunctionException)
        {
            return false;
        }
    }
}
