using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Engine.Core.Diagnostics;
using Engine.Core.Loading;
using Engine.Core.Project;

namespace Engine.Core.Compilation;

/// <summary>
/// A generic test on a column its resource does not have used to pass compile and fail at build, naming the
/// generated test file. When the resource declares its columns in YAML, the test's column (and a relationships
/// test's <c>field</c>, against the referenced model's columns) is checked against them at the test's YAML line.
/// Resources that declare no columns are not checked: many models list none, and their columns are known only
/// once built.
/// </summary>
public static partial class TestColumnChecker
{
    // column_name may be an expression, as dbt allows ("a || '-' || b"); only plain names can be checked.
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_$]*$")]
    private static partial Regex PlainName();

    [GeneratedRegex(@"^\s*ref\s*\(\s*(?:['""][^'""]*['""]\s*,\s*)?['""](?<name>[^'""]*)['""]\s*\)\s*$")]
    private static partial Regex RefCall();

    /// <summary>False (reported) when the test names a column the resource's declared columns do not hold.</summary>
    public static bool Check(
        GenericTestDefinition test,
        string resourceName,
        ImmutableArray<ColumnDefinition> columns,
        IReadOnlyDictionary<string, ImmutableArray<ColumnDefinition>> modelColumns,
        DiagnosticBag bag)
    {
        var column = test.ColumnName ?? (test.Arguments.TryGetValue("column_name", out var named) ? YamlPlain.Describe(named) : null);
        var ok = Known(test, "column", column, resourceName, columns, bag);
        if (test.TestName == "relationships"
            && test.Arguments.TryGetValue("to", out var to) && RefCall().Match(YamlPlain.Describe(to)) is { Success: true } call
            && modelColumns.TryGetValue(call.Groups["name"].Value, out var parentColumns)
            && test.Arguments.TryGetValue("field", out var field))
        {
            ok &= Known(test, "field", YamlPlain.Describe(field), call.Groups["name"].Value, parentColumns, bag);
        }

        return ok;
    }

    private static bool Known(
        GenericTestDefinition test, string what, string? column, string resourceName, ImmutableArray<ColumnDefinition> columns, DiagnosticBag bag)
    {
        if (column is null || columns.IsDefaultOrEmpty || !PlainName().IsMatch(column)
            || columns.Any(c => string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        var names = columns.Select(c => c.Name).ToList();
        bag.Error(DiagnosticCodes.UnknownTestColumn,
            $"test '{test.TestName}' is on {what} '{column}', which '{resourceName}' does not have: its columns are {string.Join(", ", names)}{NameSuggester.DidYouMean(column, names)}",
            test.Location);
        return false;
    }
}
