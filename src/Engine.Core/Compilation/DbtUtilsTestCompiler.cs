using System.Globalization;
using Engine.Core.Diagnostics;
using Engine.Core.Loading;
using Engine.Core.Project;
using Engine.Core.Templating;

namespace Engine.Core.Compilation;

/// <summary>Builds the query of a built-in dbt_utils test (<see cref="DbtUtilsTests"/>) from its YAML arguments.</summary>
public static class DbtUtilsTestCompiler
{
    private static readonly string[] DateParts = ["year", "quarter", "month", "week", "day", "hour", "minute", "second"];

    private static readonly string[] Gaps = ["allowed", "not_allowed", "required"];

    public static string? Compile(ParsedProject project, GraphResolver resolver, ParsedNode parsed, GenericTestDefinition test, string relation, string column, DiagnosticBag bag)
    {
        var dialect = project.Options.Dialect;
        var args = new Arguments(test, bag);
        switch (test.DbtUtilsTest)
        {
            case "expression_is_true":
                return dialect.ExpressionIsTrueTest(relation, args.Text("expression")!, column.Length == 0 ? null : column);
            case "accepted_range":
                return dialect.AcceptedRangeTest(relation, column, args.Text("min_value"), args.Text("max_value"), args.Bool("inclusive", true));
            case "unique_combination_of_columns":
                var columns = args.List("combination_of_columns");
                return dialect.UniqueCombinationOfColumnsTest(relation, args.Bool("quote_columns", false) ? [.. columns.Select(dialect.QuoteIdentifier)] : columns);
            case "not_constant":
                return dialect.NotConstantTest(relation, column, args.List("group_by_columns"));
            case "at_least_one":
                return dialect.AtLeastOneTest(relation, column, args.List("group_by_columns"));
            case "not_empty_string":
                return dialect.NotEmptyStringTest(relation, column, args.Bool("trim_whitespace", true));
            case "recency":
                return args.DatePart("datepart") is { } part && args.Integer("interval", null) is { } interval
                    ? dialect.RecencyTest(relation, args.Text("field")!, part, interval, args.Bool("ignore_time_component", false), args.List("group_by_columns"))
                    : null;
            case "equal_rowcount":
                return dialect.EqualRowcountTest(relation, Other(resolver, parsed), args.List("group_by_columns"));
            case "fewer_rows_than":
                return dialect.FewerRowsThanTest(relation, Other(resolver, parsed), args.List("group_by_columns"));
            case "relationships_where":
                return dialect.RelationshipsWhereTest(relation, column, Other(resolver, parsed), args.Text("field")!,
                    args.Text("from_condition") ?? "1=1", args.Text("to_condition") ?? "1=1");
            case "mutually_exclusive_ranges":
                var gaps = args.Text("gaps") ?? "allowed";
                if (!Gaps.Contains(gaps))
                {
                    bag.Error(DiagnosticCodes.InvalidValue, $"mutually_exclusive_ranges: 'gaps' must be one of {string.Join(", ", Gaps)}, not '{gaps}'", test.Location);
                    return null;
                }

                return dialect.MutuallyExclusiveRangesTest(relation, args.Text("lower_bound_column")!, args.Text("upper_bound_column")!,
                    args.Text("partition_by"), gaps, args.Bool("zero_length_range_allowed", false));
            case "sequential_values":
                var datePart = test.Arguments.ContainsKey("datepart") ? args.DatePart("datepart") : null;
                return args.Integer("interval", 1) is { } step && (datePart is not null || !test.Arguments.ContainsKey("datepart"))
                    ? dialect.SequentialValuesTest(relation, column, step, datePart, args.List("group_by_columns"))
                    : null;
            case "not_null_proportion":
                return dialect.NotNullProportionTest(relation, column, args.Text("at_least")!, args.Text("at_most") ?? "1", args.List("group_by_columns"));
            default:
                throw new InvalidOperationException($"'{test.DbtUtilsTest}' is listed in DbtUtilsTests but has no compiler");
        }
    }

    /// <summary>The relation a test compares with (<c>compare_model</c>, <c>to</c>), recorded as the test's ref or source.</summary>
    private static string Other(GraphResolver resolver, ParsedNode parsed)
    {
        var state = new NodeRenderState(parsed.Node.Name, parsed.Node.FilePath, RenderMode.Compile);
        return parsed.Refs.Length > 0 ? resolver.ResolveRef(state, parsed.Refs[0]) : resolver.ResolveSource(state, parsed.Sources[0]);
    }

    /// <summary>Reads a test's plain YAML arguments as SQL text, lists, flags and numbers; a bad value is reported at the test.</summary>
    private sealed class Arguments(GenericTestDefinition test, DiagnosticBag bag)
    {
        public string? Text(string name) => test.Arguments.GetValueOrDefault(name) switch
        {
            null => null,
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            var value => YamlPlain.Describe(value),
        };

        public bool Bool(string name, bool fallback) => test.Arguments.GetValueOrDefault(name) switch
        {
            null => fallback,
            bool b => b,
            var other => Report(fallback, $"'{name}' must be true or false, not '{YamlPlain.Describe(other)}'"),
        };

        public long? Integer(string name, long? fallback) => test.Arguments.GetValueOrDefault(name) switch
        {
            null => fallback,
            long l => l,
            var other => Report<long?>(null, $"'{name}' must be a whole number, not '{YamlPlain.Describe(other)}'"),
        };

        public IReadOnlyList<string> List(string name) => test.Arguments.GetValueOrDefault(name) switch
        {
            null => [],
            string one => [one],
            IEnumerable<object?> items => [.. items.Select(YamlPlain.Describe)],
            var other => Report<IReadOnlyList<string>>([], $"'{name}' must be a list of columns, not '{YamlPlain.Describe(other)}'"),
        };

        public string? DatePart(string name)
        {
            var part = Text(name)?.ToLowerInvariant();
            return part is not null && DateParts.Contains(part)
                ? part
                : Report<string?>(null, $"'{name}' must be one of {string.Join(", ", DateParts)}, not '{part ?? "null"}'");
        }

        private T Report<T>(T value, string message)
        {
            bag.Error(DiagnosticCodes.InvalidValue, $"test '{test.TestName}': {message}", test.Location);
            return value;
        }
    }
}
