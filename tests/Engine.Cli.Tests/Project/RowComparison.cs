using System.Globalization;
using System.Text;
using Npgsql;
using Xunit;

namespace Engine.Cli.Tests.Project;

/// <summary>
/// Compares a warehouse table with expected rows: the same keys, then every expected column of every row. A failure
/// lists each differing value with both rows, so it says which dataset row the model got wrong.
/// </summary>
public static class RowComparison
{
    private const int MaxReported = 25;

    public static async Task<List<Dictionary<string, object?>>> ReadAsync(NpgsqlConnection connection, string sql)
    {
        var rows = new List<Dictionary<string, object?>>();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// Asserts <paramref name="actual"/> holds exactly the rows of <paramref name="expected"/>, matched on the
    /// <paramref name="key"/> columns; only the columns an expected row names are compared.
    /// </summary>
    public static void AssertRows(string table, IReadOnlyList<Dictionary<string, object?>> expected, IReadOnlyList<Dictionary<string, object?>> actual, params string[] key)
    {
        string KeyOf(Dictionary<string, object?> row) => string.Join(", ", key.Select(k => $"{k}={Format(row.GetValueOrDefault(k))}"));
        var problems = new List<string>();
        foreach (var duplicate in actual.GroupBy(KeyOf).Where(g => g.Count() > 1))
        {
            problems.Add($"{duplicate.Count()} rows with {duplicate.Key}");
        }

        var actualByKey = actual.GroupBy(KeyOf).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var expectedKeys = expected.Select(KeyOf).ToHashSet(StringComparer.Ordinal);
        foreach (var extra in actualByKey.Where(kv => !expectedKeys.Contains(kv.Key)))
        {
            problems.Add($"unexpected row {Describe(extra.Value)}");
        }

        foreach (var row in expected)
        {
            if (!actualByKey.TryGetValue(KeyOf(row), out var found))
            {
                problems.Add($"missing row {Describe(row)}");
                continue;
            }

            foreach (var (column, value) in row)
            {
                if (!found.TryGetValue(column, out var got))
                {
                    problems.Add($"row {KeyOf(row)}: no column {column}");
                }
                else if (!Same(value, got))
                {
                    problems.Add($"row {KeyOf(row)}: {column} expected {Format(value)} but was {Format(got)}\n      expected {Describe(row)}\n      actual   {Describe(found)}");
                }
            }
        }

        if (problems.Count > 0)
        {
            var message = new StringBuilder($"{table}: {problems.Count} difference(s) ({expected.Count} rows expected, {actual.Count} found)");
            foreach (var problem in problems.Take(MaxReported))
            {
                message.Append("\n  - ").Append(problem);
            }

            Assert.Fail(message.ToString());
        }
    }

    public static bool Same(object? expected, object? actual) => (expected, actual) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (Between window, DateTime at) => window.Contains(at),
        (double e, _) when IsNumber(actual) => Math.Abs(e - Convert.ToDouble(actual, CultureInfo.InvariantCulture)) <= 1e-9 * Math.Max(1, Math.Abs(e)),
        (int or long, int or long or short) => Convert.ToInt64(expected, CultureInfo.InvariantCulture) == Convert.ToInt64(actual, CultureInfo.InvariantCulture),
        (DateOnly e, DateTime a) => e == DateOnly.FromDateTime(a),
        (DateOnly e, DateOnly a) => e == a,
        (DateTime e, DateTime a) => e.Ticks == a.Ticks,
        _ => Equals(expected, actual),
    };

    private static bool IsNumber(object? value) => value is double or float or decimal or int or long or short;

    private static string Describe(Dictionary<string, object?> row) => "{" + string.Join(", ", row.Select(kv => $"{kv.Key}: {Format(kv.Value)}")) + "}";

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => $"'{s}'",
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
