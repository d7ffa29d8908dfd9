using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Engine.Core.Diagnostics;
using Engine.Core.Loading;

namespace Engine.Core.Graph.Selection;

/// <summary>Parses dbt's selector syntax: <c>name</c>, <c>+name</c>, <c>name+</c>, <c>2+name</c>, <c>name+1</c>, <c>@name</c>, <c>method:value</c>.</summary>
public static partial class SelectorParser
{
    public static IReadOnlyList<string> Methods { get; } = ["tag", "path", "resource_type", "source", "fqn", "config.materialized", "test_name", "dashboard", "exposure", "state", "result", "test_type"];

    [GeneratedRegex(@"^(?<at>@)?(?:(?<up>\d*)\+)?(?<body>[^+@]+?)(?:\+(?<down>\d*))?$")]
    private static partial Regex AtomPattern();

    /// <summary>Parses the option's values (each may itself hold several space-separated selectors).</summary>
    public static SelectorExpression Parse(IEnumerable<string> values, string option)
    {
        var union = ImmutableArray.CreateBuilder<ImmutableArray<SelectorAtom>>();
        foreach (var term in values.SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            union.Add([.. term.Split(',', StringSplitOptions.TrimEntries).Select(a => ParseAtom(a, option))]);
        }

        return new SelectorExpression(union.ToImmutable());
    }

    public static SelectorAtom ParseAtom(string text, string option)
    {
        var match = AtomPattern().Match(text);
        if (text.Length == 0 || !match.Success)
        {
            throw Error(option, text, "expected name, +name, name+, N+name, name+N, @name or method:value");
        }

        var at = match.Groups["at"].Success;
        var up = match.Groups["up"];
        var down = match.Groups["down"];
        var hasUp = text.Contains('+') && up.Success;
        var hasDown = down.Success;
        if (at && (hasUp || hasDown))
        {
            throw Error(option, text, "'@' cannot be combined with '+'");
        }

        var body = match.Groups["body"].Value;
        var method = "name";
        var value = body;
        var colon = body.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            method = body[..colon];
            value = body[(colon + 1)..];
            if (!Methods.Contains(method))
            {
                throw Error(option, text, $"unknown selector method '{method}'; methods are {string.Join(", ", Methods)}{NameSuggester.DidYouMean(method, Methods)}");
            }
        }
        else if (body.Contains('/'))
        {
            method = "path";
        }

        if (value.Length == 0)
        {
            throw Error(option, text, $"'{method}:' needs a value");
        }

        if (method == "state" && !StateChanges.Selectors.ContainsKey(value))
        {
            throw Error(option, text, $"unknown state '{value}'; states are {string.Join(", ", StateChanges.Selectors.Keys)}{NameSuggester.DidYouMean(value, StateChanges.Selectors.Keys)}");
        }

        if (method == "result" && !PreviousResults.Statuses.Contains(value))
        {
            throw Error(option, text, $"unknown result '{value}'; results are {string.Join(", ", PreviousResults.Statuses)}{NameSuggester.DidYouMean(value, PreviousResults.Statuses)}");
        }

        return new SelectorAtom(method, value, text)
        {
            AtOperator = at,
            Ancestors = hasUp,
            AncestorDepth = hasUp && up.Value.Length > 0 ? int.Parse(up.Value, System.Globalization.CultureInfo.InvariantCulture) : null,
            Descendants = hasDown,
            DescendantDepth = hasDown && down.Value.Length > 0 ? int.Parse(down.Value, System.Globalization.CultureInfo.InvariantCulture) : null,
        };
    }

    private static ProjectException Error(string option, string text, string message) =>
        new(DiagnosticCodes.SelectorSyntax, $"{option} '{text}': {message}");
}
