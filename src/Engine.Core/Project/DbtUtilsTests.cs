using System.Collections.Immutable;

namespace Engine.Core.Project;

/// <summary>
/// The dbt_utils generic tests the engine has built in, with the arguments each takes in dbt-labs/dbt-utils
/// (macros/generic_tests). YAML names them <c>dbt_utils.&lt;name&gt;</c>, as a dbt project does, or by the bare name
/// when the project has no generic test of its own by that name.
/// </summary>
public static class DbtUtilsTests
{
    public const string Namespace = "dbt_utils";

    /// <summary>A test's arguments: those it must have, those it may have, and whether it tests one column.</summary>
    public sealed record Signature(ImmutableArray<string> Required, ImmutableArray<string> Optional, bool NeedsColumn);

    private static Signature Sig(bool column, string[] required, params string[] optional) => new([.. required], [.. optional], column);

    public static ImmutableDictionary<string, Signature> All { get; } = new Dictionary<string, Signature>(StringComparer.Ordinal)
    {
        ["expression_is_true"] = Sig(false, ["expression"]),
        ["accepted_range"] = Sig(true, [], "min_value", "max_value", "inclusive"),
        ["unique_combination_of_columns"] = Sig(false, ["combination_of_columns"], "quote_columns"),
        ["not_constant"] = Sig(true, [], "group_by_columns"),
        ["at_least_one"] = Sig(true, [], "group_by_columns"),
        ["not_empty_string"] = Sig(true, [], "trim_whitespace"),
        ["recency"] = Sig(false, ["field", "datepart", "interval"], "ignore_time_component", "group_by_columns"),
        ["equal_rowcount"] = Sig(false, ["compare_model"], "group_by_columns"),
        ["fewer_rows_than"] = Sig(false, ["compare_model"], "group_by_columns"),
        ["relationships_where"] = Sig(true, ["to", "field"], "from_condition", "to_condition"),
        ["mutually_exclusive_ranges"] = Sig(false, ["lower_bound_column", "upper_bound_column"], "partition_by", "gaps", "zero_length_range_allowed"),
        ["sequential_values"] = Sig(true, [], "interval", "datepart", "group_by_columns"),
        ["not_null_proportion"] = Sig(true, ["at_least"], "at_most", "group_by_columns"),
    }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>The argument that names another relation as <c>ref(...)</c> or <c>source(...)</c>, for tests that read one.</summary>
    public static string? RelationArgument(string name) => name switch
    {
        "equal_rowcount" or "fewer_rows_than" => "compare_model",
        "relationships_where" => "to",
        _ => null,
    };

    /// <summary>The bare name when <paramref name="testName"/> is one of these tests and not the project's own.</summary>
    public static string? Resolve(string testName, IReadOnlySet<string> customTests)
    {
        if (testName.StartsWith(Namespace + ".", StringComparison.Ordinal))
        {
            var bare = testName[(Namespace.Length + 1)..];
            return All.ContainsKey(bare) ? bare : null;
        }

        return All.ContainsKey(testName) && !customTests.Contains(testName) ? testName : null;
    }
}
