using System.Globalization;
using Engine.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Engine.Core.Loading;

/// <summary>
/// Passes YAML events through while bounding what they can cost. An alias copies its anchor, so nine levels of nine
/// aliases (1.5 KB) expand to 387 million values and took the engine out of memory; deep nesting makes every
/// recursive reader recurse as deep. The event stream is checked before any tree is built, so a hostile file is
/// rejected in the time it takes to read it, at the alias or the opening bracket that crossed the limit.
/// </summary>
public sealed class BoundedYamlParser(IParser inner) : IParser
{
    /// <summary>Far above any real project (a few thousand values), far below what exhausts memory.</summary>
    public const int MaxExpandedValues = 1_000_000;

    /// <summary>Real project files nest fewer than ten levels.</summary>
    public const int MaxDepth = 64;

    private readonly Dictionary<string, (long Size, Mark Start)> _anchors = new(StringComparer.Ordinal);
    private readonly Stack<(string? Anchor, long StartCount, Mark Start)> _open = new();
    private long _values;

    public ParsingEvent? Current => inner.Current;

    /// <summary>Where the last event ended: the best position for an error the YAML library cannot place itself.</summary>
    public Mark LastMark { get; private set; } = Mark.Empty;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        LastMark = inner.Current?.End ?? LastMark;
        switch (inner.Current)
        {
            case Scalar scalar:
                _values++;
                Remember(scalar.Anchor, 1, scalar.Start);
                break;
            case MappingStart or SequenceStart:
                var node = (NodeEvent)inner.Current;
                _values++;
                if (_open.Count >= MaxDepth)
                {
                    throw new YamlLimitException(DiagnosticCodes.YamlTooDeep, node.Start,
                        $"values nest more than {MaxDepth} levels deep here; flatten the structure");
                }

                _open.Push((node.Anchor.IsEmpty ? null : node.Anchor.Value, _values - 1, node.Start));
                break;
            case MappingEnd or SequenceEnd when _open.Count > 0:
                var (anchor, startCount, start) = _open.Pop();
                if (anchor is not null)
                {
                    _anchors[anchor] = (_values - startCount, start);
                }

                break;
            case AnchorAlias alias:
                Expand(alias);
                break;
        }

        return true;
    }

    private void Remember(AnchorName anchor, long size, Mark start)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = (size, start);
        }
    }

    private void Expand(AnchorAlias alias)
    {
        // An alias of an anchor still open (a recursive alias) or unknown is YamlDotNet's to report.
        if (!_anchors.TryGetValue(alias.Value.Value, out var anchor))
        {
            _values++;
            return;
        }

        _values += anchor.Size;
        if (_values > MaxExpandedValues)
        {
            throw new YamlLimitException(DiagnosticCodes.YamlAliasExpansion, alias.Start,
                $"alias '*{alias.Value.Value}' expands the file past {MaxExpandedValues.ToString("N0", CultureInfo.InvariantCulture)} values: each alias copies its anchor " +
                $"'&{alias.Value.Value}' (line {anchor.Start.Line}, {anchor.Size.ToString("N0", CultureInfo.InvariantCulture)} values), so aliases of aliases grow exponentially; write the values out or nest fewer aliases");
        }
    }
}
