using System.Text.RegularExpressions;
using Engine.Core.Diagnostics;

namespace Engine.Core.Templating;

/// <summary>
/// Finds dbt's Jinja in a template before Scriban reads it. Scriban would pass <c>{% %}</c> and <c>{# #}</c> through as
/// SQL text (failing later inside the warehouse) or misread <c>config(...)</c>; each construct found here is one error at
/// its file(line,col) showing the Scriban form to write instead (docs/from-dbt.md has the whole table).
/// </summary>
public static partial class JinjaDetector
{
    [GeneratedRegex(@"\{%-?\s*(?<tag>\w+)(?<rest>.*?)-?%\}|\{#.*?#\}|\{\{-?\s*(?<call>config\s*\(|dbt_utils\.\w+|adapter\.\w+|run_query\s*\()", RegexOptions.Singleline)]
    private static partial Regex Construct();

    /// <summary>Every Jinja construct in <paramref name="text"/>, as diagnostics; empty when there is none.</summary>
    public static IReadOnlyList<Diagnostic> Find(string text, string filePath)
    {
        if (!text.Contains("{%", StringComparison.Ordinal) && !text.Contains("{#", StringComparison.Ordinal) && !text.Contains("{{", StringComparison.Ordinal))
        {
            return [];
        }

        var found = new List<Diagnostic>();
        foreach (Match match in Construct().Matches(text))
        {
            var advice = Advice(match);
            if (advice is null)
            {
                continue;
            }

            var line = 1 + text.AsSpan(0, match.Index).Count('\n');
            var lineStart = match.Index == 0 ? 0 : text.LastIndexOf('\n', match.Index - 1) + 1;
            var column = match.Index - lineStart + 1;

            found.Add(Diagnostic.Error(DiagnosticCodes.JinjaSyntax, advice, new SourceLocation(filePath, line, column)));
        }

        return found;
    }

    private static string? Advice(Match match)
    {
        if (match.Value.StartsWith("{#", StringComparison.Ordinal))
        {
            return "Jinja comment {# ... #}: templates here are Scriban; write {{ # ... }} (or a SQL comment -- ...)";
        }

        if (match.Groups["call"].Success)
        {
            var call = match.Groups["call"].Value;
            return call switch
            {
                _ when call.StartsWith("config", StringComparison.Ordinal) =>
                    "config(...) in Jinja's call style: write {{ config { materialized: 'table', unique_key: 'id' } }} (a Scriban object, keys with ':')",
                _ when call.StartsWith("dbt_utils.", StringComparison.Ordinal) =>
                    $"{call}: dbt packages are not installed here; the engine has the common helpers built in (surrogate_key, date_spine, safe_cast, date_trunc, dateadd, datediff), called without a package prefix",
                _ when call.StartsWith("adapter.", StringComparison.Ordinal) =>
                    $"{call}: templates cannot call the warehouse adapter; describe columns in YAML, or compute in SQL",
                _ => "run_query(...): templates cannot query the warehouse while compiling; compute in SQL or pass values with var()",
            };
        }

        var tag = match.Groups["tag"].Value;
        var rest = match.Groups["rest"].Value.Trim();
        return tag switch
        {
            "set" => $"Jinja {{% set {rest} %}}: write {{{{ {rest} }}}} (a Scriban assignment)",
            "if" => $"Jinja {{% if {rest} %}}: write {{{{ if {rest} }}}} ... {{{{ end }}}} (Scriban: 'and', 'or', 'not' and '==' work the same)",
            "elif" => $"Jinja {{% elif {rest} %}}: write {{{{ else if {rest} }}}}",
            "else" => "Jinja {% else %}: write {{ else }}",
            "for" => $"Jinja {{% for {rest} %}}: write {{{{ for {rest} }}}} ... {{{{ end }}}} (loop.last is for.last in Scriban)",
            "endif" or "endfor" or "endmacro" or "endcall" or "endset" => $"Jinja {{% {tag} %}}: Scriban closes every block with {{{{ end }}}}",
            "macro" => $"Jinja {{% macro {rest} %}}: put macros in macros/*.sql as {{{{ func {rest} }}}} ... {{{{ end }}}}",
            "raw" or "endraw" => "Jinja {% raw %}: Scriban writes literal braces as {{ '{{' }}",
            _ => $"Jinja tag {{% {tag} %}} is not supported: templates here are Scriban ({{{{ ... }}}}); see docs/from-dbt.md",
        };
    }
}
