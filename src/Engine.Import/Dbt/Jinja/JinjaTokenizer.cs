using System.Text.RegularExpressions;

namespace Engine.Import.Dbt.Jinja;

/// <summary>
/// Splits a Jinja template into text, expressions, statements and comments, with the line and column each starts at.
/// Quotes inside a tag are respected (<c>'%}'</c> does not close it); a <c>{% raw %}</c> block is returned as text.
/// An unterminated tag is returned as text and reported in <see cref="Result.Unterminated"/>.
/// </summary>
public static partial class JinjaTokenizer
{
    public sealed record Result(IReadOnlyList<JinjaToken> Tokens, IReadOnlyList<JinjaToken> Unterminated);

    public static Result Tokenize(string text)
    {
        var tokens = new List<JinjaToken>();
        var unterminated = new List<JinjaToken>();
        var lines = new LineIndex(text);
        var position = 0;
        var textStart = 0;
        while (position < text.Length - 1)
        {
            if (text[position] != '{' || text[position + 1] is not ('{' or '%' or '#'))
            {
                position++;
                continue;
            }

            var kind = text[position + 1] switch
            {
                '{' => JinjaTokenKind.Expression,
                '%' => JinjaTokenKind.Statement,
                _ => JinjaTokenKind.Comment,
            };
            var end = FindClose(text, position + 2, kind);
            var (line, column) = lines.At(position);
            if (end < 0)
            {
                unterminated.Add(new JinjaToken(kind, string.Empty, false, false, line, column, text[position..Math.Min(text.Length, position + 20)]));
                break;
            }

            AddText(tokens, text, textStart, position, lines);
            var raw = text[position..(end + 2)];
            var inner = raw[2..^2];
            var trimLeft = inner.StartsWith('-');
            var trimRight = inner.EndsWith('-') && inner.Length > (trimLeft ? 1 : 0);
            inner = inner[(trimLeft || inner.StartsWith('+') ? 1 : 0)..];
            inner = trimRight ? inner[..^1] : inner;
            var token = new JinjaToken(kind, inner.Trim(), trimLeft, trimRight, line, column, raw);
            tokens.Add(token);
            position = end + 2;
            textStart = position;
            if (kind == JinjaTokenKind.Statement && token.Content == "raw")
            {
                var endRaw = EndRaw().Match(text, position);
                var rawEnd = endRaw.Success ? endRaw.Index : text.Length;
                AddText(tokens, text, position, rawEnd, lines, verbatim: true);
                if (!endRaw.Success)
                {
                    unterminated.Add(token);
                    return new Result(tokens, unterminated);
                }

                var (endLine, endColumn) = lines.At(endRaw.Index);
                tokens.Add(new JinjaToken(JinjaTokenKind.Statement, "endraw", endRaw.Value.StartsWith("{%-", StringComparison.Ordinal),
                    endRaw.Value.EndsWith("-%}", StringComparison.Ordinal), endLine, endColumn, endRaw.Value));
                position = endRaw.Index + endRaw.Length;
                textStart = position;
            }
        }

        AddText(tokens, text, textStart, text.Length, lines);
        return new Result(tokens, unterminated);
    }

    private static int FindClose(string text, int from, JinjaTokenKind kind)
    {
        var closer = kind switch
        {
            JinjaTokenKind.Expression => '}',
            JinjaTokenKind.Statement => '%',
            _ => '#',
        };
        char? quote = null;
        for (var i = from; i < text.Length - 1; i++)
        {
            var c = text[i];
            if (kind != JinjaTokenKind.Comment && quote is null && c is '\'' or '"')
            {
                quote = c;
            }
            else if (quote is not null)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = null;
                }
            }
            else if (c == closer && text[i + 1] == '}')
            {
                return i;
            }
        }

        return -1;
    }

    private static void AddText(List<JinjaToken> tokens, string text, int start, int end, LineIndex lines, bool verbatim = false)
    {
        if (end <= start)
        {
            return;
        }

        var (line, column) = lines.At(start);
        var value = text[start..end];
        tokens.Add(new JinjaToken(verbatim ? JinjaTokenKind.Raw : JinjaTokenKind.Text, value, false, false, line, column, value));
    }

    [GeneratedRegex(@"\{%-?\s*endraw\s*-?%\}")]
    private static partial Regex EndRaw();
}
