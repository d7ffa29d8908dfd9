namespace Engine.Core.Compilation;

/// <summary>The SQL of dbt 1.8 unit tests: literal rows in place of tables, and the comparison with the expected rows.</summary>
public partial interface ISqlDialect
{
    /// <summary>
    /// Literal rows for an input. A column with a type casts each value to it (null where a row does not name it);
    /// a column without one takes the literal as YAML gave it. Values are the literals' text, null for SQL null.
    /// </summary>
    string UnitTestInputRows(IReadOnlyList<(string Name, string? Type)> columns, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows);

    /// <summary>The expected rows, typed like the model's own columns (<c>actual</c>) so that they compare as values.</summary>
    string UnitTestExpectedRows(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string?>> rows);

    /// <summary>
    /// The differing rows: <c>diff</c> is <c>+</c> for a row the model returned that was not expected, <c>-</c> for an
    /// expected row it did not return; <c>rows</c> says how many times. No row means the test passes.
    /// </summary>
    string UnitTestComparison(string actualSql, string expectedSql, IReadOnlyList<string> columns);
}
