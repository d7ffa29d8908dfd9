using System.Text;
using Engine.Core.Diagnostics;

namespace Engine.Import.Dbt.Jinja;

/// <summary>
/// Rewrites a dbt template (model, macro file, test, snapshot) in Scriban, tag by tag: <c>{% set %}</c>, <c>{% if %}</c>,
/// <c>{% for %}</c>, <c>{% macro %}</c> (a <c>func</c>), comments, <c>{% raw %}</c>, whitespace control (<c>-</c> means the
/// same in both). <c>{% test %}</c>, <c>{% snapshot %}</c> and <c>{% docs %}</c> blocks are taken out as
/// <see cref="TemplateBlock"/>s. A tag with no Scriban form is kept as written and reported (ENG1901) at its line and
/// column, so the engine's compile stops there too instead of running something else.
/// </summary>
public sealed class JinjaTemplateConverter(JinjaExpressionConverter expressions)
{
    private static readonly HashSet<string> KeptBlocks = new(StringComparer.Ordinal) { "call", "filter", "with", "materialization", "block" };

    public ConvertedTemplate Convert(string text, string filePath, DiagnosticBag log)
    {
        var tokens = JinjaTokenizer.Tokenize(text);
        foreach (var open in tokens.Unterminated)
        {
            log.Add(Diagnostic.Warning(DiagnosticCodes.ImportNotConverted, $"unterminated Jinja tag '{open.Raw}'; the rest of the file is kept as written", At(filePath, open)));
        }

        var state = new TemplateConversionState(filePath, log);
        foreach (var token in tokens.Tokens)
        {
            switch (token.Kind)
            {
                case JinjaTokenKind.Text:
                    state.Out.Append(token.Content);
                    break;
                case JinjaTokenKind.Raw:
                    state.Out.Append(token.Content.Contains("{{", StringComparison.Ordinal) || token.Content.Contains("{%", StringComparison.Ordinal) || token.Content.Contains("{#", StringComparison.Ordinal)
                        ? "{{ \"" + token.Content.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\" }}"
                        : token.Content);
                    break;
                case JinjaTokenKind.Comment:
                    state.Out.Append(Tag(token, "## " + token.Content.Replace("##", "# #", StringComparison.Ordinal) + " ##", spaced: false));
                    break;
                case JinjaTokenKind.Expression:
                    Expression(token, state);
                    break;
                default:
                    Statement(token, state);
                    break;
            }
        }

        foreach (var frame in state.Frames)
        {
            log.Add(Diagnostic.Warning(DiagnosticCodes.ImportNotConverted, $"'{{% {frame.Kind} %}}' is never closed", new SourceLocation(filePath, frame.Line, 1)));
        }

        return new ConvertedTemplate(state.Root.ToString(), state.Blocks);
    }

    private void Expression(JinjaToken token, TemplateConversionState state)
    {
        var content = token.Content;
        if (content.StartsWith("return(", StringComparison.Ordinal) && content.EndsWith(')'))
        {
            Emit(token, state, () => "ret " + expressions.Convert(content[7..^1]));
            return;
        }

        Emit(token, state, () => expressions.Convert(content));
    }

    private void Statement(JinjaToken token, TemplateConversionState state)
    {
        var content = token.Content;
        var space = content.IndexOfAny([' ', '\t', '\n', '(']);
        var keyword = space < 0 ? content : content[..space];
        var rest = space < 0 ? string.Empty : content[space..].Trim();
        switch (keyword)
        {
            case "set" when IsAssignment(rest):
                var equals = rest.IndexOf('=');
                var target = rest[..equals].Trim();
                if (!IsIdentifier(target))
                {
                    Keep(token, state, $"'set {target} = ...' (unpacking into several names)");
                    return;
                }

                Emit(token, state, () => $"{target} = {expressions.Convert(rest[(equals + 1)..])}");
                return;
            case "set" when IsIdentifier(rest):
                state.Push("set", token);
                state.Out.Append(Tag(token, "capture " + rest));
                return;
            case "if":
                state.Push("if", token);
                Emit(token, state, () => "if " + expressions.Convert(rest));
                return;
            case "elif" when state.Top == "if":
                Emit(token, state, () => "else if " + expressions.Convert(rest));
                return;
            case "else" when state.Top == "if":
                state.Out.Append(Tag(token, "else"));
                return;
            case "for":
                For(token, rest, state);
                return;
            case "break" or "continue" when state.Frames.Any(f => f.Kind == "for"):
                state.Out.Append(Tag(token, keyword));
                return;
            case "macro":
                Macro(token, rest, state);
                return;
            case "test" or "snapshot" or "docs":
                Block(token, keyword, rest, state);
                return;
            case "do" when rest.StartsWith("return(", StringComparison.Ordinal) && rest.EndsWith(')'):
                Emit(token, state, () => "ret " + expressions.Convert(rest[7..^1]));
                return;
            case "raw" or "endraw":
                return;
            case "endif" or "endfor" or "endmacro" or "endset" or "endtest" or "endsnapshot" or "enddocs":
                End(token, keyword[3..], state);
                return;
            default:
                if (KeptBlocks.Contains(keyword))
                {
                    state.Push("kept:" + keyword, token);
                }
                else if (keyword.StartsWith("end", StringComparison.Ordinal) && state.Top == "kept:" + keyword[3..])
                {
                    state.Pop();
                    state.Out.Append(token.Raw);
                    return;
                }

                Keep(token, state, $"'{{% {keyword} %}}'");
                return;
        }
    }

    private void For(JinjaToken token, string rest, TemplateConversionState state)
    {
        state.Push("for", token);
        var inAt = rest.IndexOf(" in ", StringComparison.Ordinal);
        var variable = inAt < 0 ? string.Empty : rest[..inAt].Trim();
        if (!IsIdentifier(variable))
        {
            Keep(token, state, $"'for {variable} in ...' (Scriban loops over one name: use item.key / item.value)");
            return;
        }

        var sequence = rest[(inAt + 4)..];
        if (sequence.Contains(" if ", StringComparison.Ordinal) || sequence.EndsWith(" recursive", StringComparison.Ordinal))
        {
            Keep(token, state, "a filtered or recursive for loop (put an {{ if }} inside the loop)");
            return;
        }

        Emit(token, state, () => $"for {variable} in {expressions.Convert(sequence)}");
    }

    private static void Macro(JinjaToken token, string rest, TemplateConversionState state)
    {
        state.Push("macro", token);
        var open = rest.IndexOf('(');
        var name = open < 0 ? rest : rest[..open].Trim();
        var parameters = open < 0 || !rest.EndsWith(')') ? string.Empty : rest[(open + 1)..^1];
        var converted = new List<string>();
        foreach (var parameter in SplitParameters(parameters))
        {
            var equals = parameter.IndexOf('=');
            var pname = (equals < 0 ? parameter : parameter[..equals]).Trim();
            var value = equals < 0 ? null : parameter[(equals + 1)..].Trim();
            converted.Add(value is null ? pname : $"{pname} = {value switch { "None" or "none" => "null", "True" => "true", "False" => "false", _ => value }}");
        }

        state.Out.Append(Tag(token, $"func {name}({string.Join(", ", converted)})"));
    }

    private static void Block(JinjaToken token, string keyword, string rest, TemplateConversionState state)
    {
        var open = rest.IndexOf('(');
        var name = (open < 0 ? rest : rest[..open]).Trim();
        var parameters = open < 0 || !rest.EndsWith(')') ? [] : SplitParameters(rest[(open + 1)..^1]).Select(p => p.Split('=')[0].Trim()).ToList();
        state.Push(keyword, token, new StringBuilder(), name, parameters);
    }

    private static void End(JinjaToken token, string kind, TemplateConversionState state)
    {
        if (state.Top != kind)
        {
            Keep(token, state, $"'{{% end{kind} %}}' without its '{{% {kind} %}}'");
            return;
        }

        var frame = state.Pop();
        if (frame.Capture is null)
        {
            state.Out.Append(Tag(token, "end"));
            return;
        }

        var blockKind = kind switch
        {
            "test" => TemplateBlockKind.Test,
            "snapshot" => TemplateBlockKind.Snapshot,
            _ => TemplateBlockKind.Docs,
        };
        state.Blocks.Add(new TemplateBlock(blockKind, frame.Name!, frame.Parameters!, frame.Capture.ToString(), frame.Line));
    }

    private void Emit(JinjaToken token, TemplateConversionState state, Func<string> convert)
    {
        if (state.Top == "docs")
        {
            state.Out.Append(token.Raw);
            return;
        }

        try
        {
            var code = convert();
            foreach (var dropped in expressions.Dropped)
            {
                state.Log.Add(Diagnostic.Warning(DiagnosticCodes.ImportDropped, dropped + "; dropped", At(state.FilePath, token)));
            }

            state.Out.Append(Tag(token, code));
        }
        catch (NotConvertibleException e)
        {
            Keep(token, state, e.Message);
        }
        finally
        {
            expressions.Dropped.Clear();
        }
    }

    private static void Keep(JinjaToken token, TemplateConversionState state, string what)
    {
        state.Out.Append(token.Raw);
        if (state.Top != "docs")
        {
            state.Log.Add(Diagnostic.Warning(DiagnosticCodes.ImportNotConverted, $"not converted, kept as written: {what} in {Shorten(token.Raw)}", At(state.FilePath, token)));
        }
    }

    private static string Tag(JinjaToken token, string code, bool spaced = true)
    {
        var pad = spaced ? " " : string.Empty;
        return "{{" + (token.TrimLeft ? "-" : string.Empty) + pad + code + pad + (token.TrimRight ? "-" : string.Empty) + "}}";
    }

    private static IEnumerable<string> SplitParameters(string parameters)
    {
        var depth = 0;
        var start = 0;
        char? quote = null;
        for (var i = 0; i < parameters.Length; i++)
        {
            var c = parameters[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
                continue;
            }

            if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                yield return parameters[start..i].Trim();
                start = i + 1;
            }
        }

        if (parameters[start..].Trim() is { Length: > 0 } last)
        {
            yield return last;
        }
    }

    private static bool IsAssignment(string rest)
    {
        var equals = rest.IndexOf('=');
        return equals > 0 && (equals + 1 >= rest.Length || rest[equals + 1] != '=');
    }

    private static bool IsIdentifier(string text) =>
        text.Length > 0 && (char.IsLetter(text[0]) || text[0] == '_') && text.All(c => char.IsLetterOrDigit(c) || c == '_');

    private static string Shorten(string raw)
    {
        var oneLine = raw.ReplaceLineEndings(" ");
        return oneLine.Length <= 80 ? oneLine : oneLine[..77] + "...";
    }

    private static SourceLocation At(string filePath, JinjaToken token) => new(filePath, token.Line, token.Column);
}
