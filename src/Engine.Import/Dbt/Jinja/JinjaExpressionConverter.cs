using System.Globalization;
using System.Text;

namespace Engine.Import.Dbt.Jinja;

/// <summary>
/// Rewrites one Jinja expression as Scriban: <c>and/or/not</c>, <c>~</c>, <c>True/None</c>, <c>is none</c>, <c>x in xs</c>,
/// <c>loop.*</c>, the filters Scriban has, <c>config(k=v)</c> as <c>config { k: v }</c> (keys mapped by
/// <see cref="ConfigKeyMapper"/>) and dbt's cross-database macros the engine has built in. Anything else
/// (adapter calls, run_query, methods, packages' macros, inline if) is reported as not convertible.
/// </summary>
public sealed class JinjaExpressionConverter(ConfigKeyMapper configKeys)
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["True"] = "true",
        ["true"] = "true",
        ["False"] = "false",
        ["false"] = "false",
        ["None"] = "null",
        ["none"] = "null",
        ["loop.index"] = "(for.index + 1)",
        ["loop.index0"] = "for.index",
        ["loop.first"] = "for.first",
        ["loop.last"] = "for.last",
        ["loop.revindex0"] = "for.rindex",
        ["loop.revindex"] = "(for.rindex + 1)",
        ["target.dbname"] = "target.database",
        ["target.name"] = "target.name",
        ["target.type"] = "target.type",
        ["target.schema"] = "target.schema",
        ["target.database"] = "target.database",
        ["target.threads"] = "target.threads",
        ["this.name"] = "this.identifier",
        ["this.identifier"] = "this.identifier",
        ["this.schema"] = "this.schema",
        ["dbt_utils.generate_surrogate_key"] = "surrogate_key",
        ["dbt_utils.surrogate_key"] = "surrogate_key",
        ["dbt_utils.date_spine"] = "date_spine",
        ["dbt.date_trunc"] = "date_trunc",
        ["dbt.dateadd"] = "dateadd",
        ["dbt.datediff"] = "datediff",
        ["dbt.safe_cast"] = "safe_cast",
        ["dbt.current_timestamp"] = "current_timestamp",
        ["dbt_utils.current_timestamp"] = "current_timestamp",
        ["dbt_date.date_spine"] = "date_spine",
    };

    private static readonly Dictionary<string, string> Filters = new(StringComparer.Ordinal)
    {
        ["join"] = "array.join",
        ["upper"] = "string.upcase",
        ["lower"] = "string.downcase",
        ["trim"] = "string.strip",
        ["length"] = "array.size",
        ["count"] = "array.size",
        ["replace"] = "string.replace",
        ["first"] = "array.first",
        ["last"] = "array.last",
        ["unique"] = "array.uniq",
        ["sort"] = "array.sort",
        ["capitalize"] = "string.capitalize",
        ["abs"] = "math.abs",
        ["round"] = "math.round",
        ["int"] = "string.to_int",
    };

    /// <summary>dbt's context members that have no counterpart: the warehouse is not queried while compiling, packages do not exist.</summary>
    private static readonly HashSet<string> Unavailable = new(StringComparer.Ordinal)
    {
        "adapter", "run_query", "statement", "load_result", "exceptions", "modules", "api", "builtins", "graph", "execute",
        "log", "print", "caller", "varargs", "kwargs", "fromjson", "tojson", "fromyaml", "toyaml", "zip", "range", "flags",
        "invocation_id", "selected_resources", "context", "local_md5", "doc", "return", "dbt_utils", "dbt", "dbt_date",
        "dbt_expectations", "codegen", "audit_helper", "set_strict", "namespace", "dict", "lookup", "dispatch",
    };

    /// <summary>Config keys dropped by the last conversions; the template converter reports and clears them.</summary>
    public List<string> Dropped { get; } = [];

    /// <summary>The Scriban form, or a <see cref="NotConvertibleException"/> naming what has none.</summary>
    public string Convert(string expression)
    {
        var tokens = ExpressionLexer.Lex(expression) ?? throw new NotConvertibleException($"unterminated string in '{expression}'");
        if (tokens.Count == 0)
        {
            throw new NotConvertibleException("empty expression");
        }

        return ConvertRange(tokens, 0, tokens.Count);
    }

    private string ConvertRange(List<ExpressionToken> t, int start, int end)
    {
        if (start >= end)
        {
            throw new NotConvertibleException("empty expression");
        }

        if (TopLevel(t, start, end, x => x.IsName("if")) >= 0)
        {
            throw new NotConvertibleException("an inline 'x if c else y' (write an {{ if }} block)");
        }

        var or = SplitTopLevel(t, start, end, x => x.IsName("or"));
        if (or.Count > 1)
        {
            return string.Join(" || ", or.Select(r => ConvertRange(t, r.Start, r.End)));
        }

        var and = SplitTopLevel(t, start, end, x => x.IsName("and"));
        if (and.Count > 1)
        {
            return string.Join(" && ", and.Select(r => ConvertRange(t, r.Start, r.End)));
        }

        if (t[start].IsName("not"))
        {
            return $"!({ConvertRange(t, start + 1, end)})";
        }

        var membership = TopLevel(t, start, end, x => x.IsName("in"));
        if (membership >= 0)
        {
            var negated = membership > start && t[membership - 1].IsName("not");
            var left = ConvertRange(t, start, negated ? membership - 1 : membership);
            var right = ConvertRange(t, membership + 1, end);
            var contains = $"(array.contains ({right}) ({left}))";
            return negated ? "!" + contains : contains;
        }

        var pipes = SplitTopLevel(t, start, end, x => x.Is("|"));
        if (pipes.Count > 1)
        {
            var result = new StringBuilder(ConvertSequence(t, pipes[0].Start, pipes[0].End));
            foreach (var (fs, fe) in pipes.Skip(1))
            {
                result.Append(" | ").Append(Filter(t, fs, fe));
            }

            return result.ToString();
        }

        return ConvertSequence(t, start, end);
    }

    private string Filter(List<ExpressionToken> t, int start, int end)
    {
        var name = t[start].Text;
        if (t[start].Kind != ExpressionTokenKind.Name || !Filters.TryGetValue(name, out var scriban))
        {
            throw new NotConvertibleException($"the filter '{name}'");
        }

        if (start + 1 == end)
        {
            return scriban;
        }

        if (!t[start + 1].Is("(") || Matching(t, start + 1) != end - 1)
        {
            throw new NotConvertibleException($"the filter '{name}' written this way");
        }

        var args = SplitTopLevel(t, start + 2, end - 1, x => x.Is(","));
        return scriban + string.Concat(args.Where(a => a.End > a.Start).Select(a => $" ({ConvertRange(t, a.Start, a.End)})"));
    }

    /// <summary>Operands and operators left to right: names, calls, literals, subscripts, arithmetic and comparisons.</summary>
    private string ConvertSequence(List<ExpressionToken> t, int start, int end)
    {
        var output = new StringBuilder();
        var i = start;
        while (i < end)
        {
            var token = t[i];
            switch (token.Kind)
            {
                case ExpressionTokenKind.String or ExpressionTokenKind.Number:
                    Append(output, token.Text);
                    i++;
                    break;
                case ExpressionTokenKind.Operator:
                    i = Operator(t, i, end, output);
                    break;
                default:
                    i = Name(t, i, end, output);
                    break;
            }
        }

        return output.ToString();
    }

    private int Operator(List<ExpressionToken> t, int i, int end, StringBuilder output)
    {
        var op = t[i].Text;
        switch (op)
        {
            case "~":
                Append(output, "+");
                return i + 1;
            case "**":
                throw new NotConvertibleException("the power operator '**'");
            case "=":
                throw new NotConvertibleException("an assignment inside an expression");
            case "(" or "[":
                var close = Matching(t, i);
                if (close < 0 || close >= end)
                {
                    throw new NotConvertibleException($"an unbalanced '{op}'");
                }

                var items = SplitTopLevel(t, i + 1, close, x => x.Is(","));
                var inner = string.Join(", ", items.Where(r => r.End > r.Start).Select(r => ConvertRange(t, r.Start, r.End)));
                Append(output, op == "(" ? $"({inner})" : $"[{inner}]", glue: op == "[" && output.Length > 0 && !output.ToString().EndsWith(' '));
                return close + 1;
            case "{":
                var closeBrace = Matching(t, i);
                if (closeBrace < 0 || closeBrace >= end)
                {
                    throw new NotConvertibleException("an unbalanced '{'");
                }

                Append(output, Dictionary(t, i + 1, closeBrace));
                return closeBrace + 1;
            case "." when i + 1 < end && t[i + 1].Kind == ExpressionTokenKind.Name:
                if (i + 2 < end && t[i + 2].Is("("))
                {
                    throw new NotConvertibleException($"the method call '.{t[i + 1].Text}(...)'");
                }

                // An attribute after a subscript or a call: rows[0].name.
                Append(output, "." + t[i + 1].Text, glue: true);
                return i + 2;
            default:
                Append(output, op);
                return i + 1;
        }
    }

    private string Dictionary(List<ExpressionToken> t, int start, int end)
    {
        var entries = new List<string>();
        foreach (var (es, ee) in SplitTopLevel(t, start, end, x => x.Is(",")))
        {
            if (ee <= es)
            {
                continue;
            }

            var colon = TopLevel(t, es, ee, x => x.Is(":"));
            if (colon != es + 1)
            {
                throw new NotConvertibleException("a dictionary whose keys are not plain names or strings");
            }

            entries.Add($"{Key(t[es])}: {ConvertRange(t, colon + 1, ee)}");
        }

        return "{ " + string.Join(", ", entries) + " }";
    }

    private static string Key(ExpressionToken token)
    {
        var key = token.Kind == ExpressionTokenKind.String ? token.Text[1..^1] : token.Text;
        if (key.Length == 0 || !key.All(c => char.IsLetterOrDigit(c) || c == '_') || char.IsDigit(key[0]))
        {
            throw new NotConvertibleException($"the dictionary key {token.Text}");
        }

        return key;
    }

    private int Name(List<ExpressionToken> t, int i, int end, StringBuilder output)
    {
        if (t[i].IsName("is"))
        {
            var negated = i + 1 < end && t[i + 1].IsName("not");
            var test = i + (negated ? 2 : 1) < end ? t[i + (negated ? 2 : 1)].Text : string.Empty;
            var isNull = test switch
            {
                "none" or "None" or "undefined" => true,
                "defined" => false,
                _ => throw new NotConvertibleException($"the test 'is {test}'"),
            };
            Append(output, isNull != negated ? "== null" : "!= null");
            return i + (negated ? 3 : 2);
        }

        // A dotted name: loop.index, target.schema, dbt_utils.generate_surrogate_key, a variable's attribute.
        var parts = new List<string> { t[i].Text };
        var next = i + 1;
        while (next + 1 < end && t[next].Is(".") && t[next + 1].Kind == ExpressionTokenKind.Name)
        {
            parts.Add(t[next + 1].Text);
            next += 2;
        }

        var qualified = string.Join('.', parts);
        var isCall = next < end && t[next].Is("(");
        if (Names.TryGetValue(qualified, out var mapped))
        {
            qualified = mapped;
        }
        else if (Unavailable.Contains(parts[0]) || (parts[0] is "loop" or "target" or "this" && parts.Count > 1))
        {
            throw new NotConvertibleException($"'{qualified}'{(isCall ? "(...)" : string.Empty)} is not available (templates here do not query the warehouse, and dbt packages do not exist)");
        }
        else if (parts.Count > 1 && isCall)
        {
            throw new NotConvertibleException($"the method call '{qualified}(...)'");
        }

        if (!isCall)
        {
            Append(output, qualified);
            return next;
        }

        var close = Matching(t, next);
        if (close < 0 || close >= end)
        {
            throw new NotConvertibleException("an unbalanced '('");
        }

        var args = SplitTopLevel(t, next + 1, close, x => x.Is(",")).Where(r => r.End > r.Start).ToList();
        var keywords = args.Where(r => r.End - r.Start >= 2 && t[r.Start].Kind == ExpressionTokenKind.Name && t[r.Start + 1].Is("=")).ToList();
        if (qualified == "config")
        {
            if (keywords.Count != args.Count)
            {
                throw new NotConvertibleException("config(...) with positional arguments");
            }

            Append(output, Config(t, keywords));
        }
        else if (keywords.Count > 0)
        {
            throw new NotConvertibleException($"keyword arguments in the call to '{qualified}' (Scriban passes arguments by position)");
        }
        else
        {
            Append(output, $"{qualified}({string.Join(", ", args.Select(r => ConvertRange(t, r.Start, r.End)))})");
        }

        return close + 1;
    }

    private string Config(List<ExpressionToken> t, List<(int Start, int End)> keywords)
    {
        var entries = new List<string>();
        foreach (var (s, e) in keywords)
        {
            var key = t[s].Text;
            var literal = Literal(t, s + 2, e);
            var mapping = configKeys.Map(key, literal);
            if (mapping.Key is null)
            {
                Dropped.Add(mapping.Reason!);
                continue;
            }

            var value = mapping.Rewritten ? ScribanLiteral(mapping.Value) : ConvertRange(t, s + 2, e);
            entries.Add($"{mapping.Key}: {value}");
        }

        return entries.Count == 0 ? "config {}" : "config { " + string.Join(", ", entries) + " }";
    }

    private static object? Literal(List<ExpressionToken> t, int start, int end)
    {
        if (end - start != 1)
        {
            return null;
        }

        var token = t[start];
        return token.Kind switch
        {
            ExpressionTokenKind.String => token.Text[1..^1],
            ExpressionTokenKind.Number => token.Text,
            ExpressionTokenKind.Name when token.Text is "True" or "true" => true,
            ExpressionTokenKind.Name when token.Text is "False" or "false" => false,
            _ => null,
        };
    }

    private static string ScribanLiteral(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        string s => "'" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'",
        _ => System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
    };

    private static void Append(StringBuilder output, string text, bool glue = false)
    {
        if (output.Length > 0 && !glue && !text.StartsWith(')') && !text.StartsWith(',') && output[^1] != '(' && output[^1] != '[')
        {
            output.Append(' ');
        }

        output.Append(text);
    }

    private static int Matching(List<ExpressionToken> t, int open)
    {
        var depth = 0;
        for (var i = open; i < t.Count; i++)
        {
            if (t[i].Kind != ExpressionTokenKind.Operator)
            {
                continue;
            }

            depth += t[i].Text is "(" or "[" or "{" ? 1 : t[i].Text is ")" or "]" or "}" ? -1 : 0;
            if (depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static int TopLevel(List<ExpressionToken> t, int start, int end, Func<ExpressionToken, bool> match)
    {
        var depth = 0;
        for (var i = start; i < end; i++)
        {
            if (t[i].Kind == ExpressionTokenKind.Operator)
            {
                depth += t[i].Text is "(" or "[" or "{" ? 1 : t[i].Text is ")" or "]" or "}" ? -1 : 0;
            }

            if (depth == 0 && match(t[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static List<(int Start, int End)> SplitTopLevel(List<ExpressionToken> t, int start, int end, Func<ExpressionToken, bool> separator)
    {
        var parts = new List<(int, int)>();
        var depth = 0;
        var from = start;
        for (var i = start; i < end; i++)
        {
            if (t[i].Kind == ExpressionTokenKind.Operator)
            {
                depth += t[i].Text is "(" or "[" or "{" ? 1 : t[i].Text is ")" or "]" or "}" ? -1 : 0;
            }

            if (depth == 0 && separator(t[i]))
            {
                parts.Add((from, i));
                from = i + 1;
            }
        }

        parts.Add((from, end));
        return parts;
    }
}
