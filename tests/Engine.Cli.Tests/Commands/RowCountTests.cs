using Engine.Cli.Tests.Support;
using Engine.TestSupport;
using Npgsql;
using Xunit;

namespace Engine.Cli.Tests.Commands;

/// <summary>
/// The summary's "Rows per relation" of <c>engine run</c>: a table whose contents have not changed since it was last
/// counted (same data version) shows its recorded count instead of being counted again, so a daily run does not count a
/// history it did not touch; a table changed by a run that did not count (<c>engine build</c>) is counted again.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RowCountTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_table_is_counted_again_only_when_its_contents_may_have_changed_since_its_recorded_count()
    {
        var warehouse = await postgres.CreateDatabaseAsync("cli_rows");
        using var project = new ProjectCopy(fromRepository: false);
        project.Write("pipeline.yml", $"""
            name: cli
            {PostgresTarget.Yaml(warehouse)}
            steps: [build]
            """);
        project.Write("models/numbers.sql", "{{ config { materialized: 'table' } }}\nselect n from generate_series(1, 3) as n");

        Assert.Equal(3, Rows(Run(project, "run"), "numbers"));
        Assert.Equal([3L], await Sql.ColumnAsync<long>(warehouse, "SELECT rows FROM _engine.row_counts WHERE unique_id = 'model.cli.numbers'"));

        // Rebuilt with 5 rows by a command that does not count: the recorded 3 belongs to the table's old data version.
        project.Write("models/numbers.sql", "{{ config { materialized: 'table' } }}\nselect n from generate_series(1, 5) as n");
        Run(project, "build");
        var run = Run(project, "run");
        Assert.Contains("up to date", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(5, Rows(run, "numbers"));

        // Up to date and counted at its current version: the recorded count is what the summary shows (set here to a value
        // no count would give, to see that the table was not read).
        await using (var connection = new NpgsqlConnection(warehouse))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("UPDATE _engine.row_counts SET rows = 999 WHERE unique_id = 'model.cli.numbers'", connection);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        Assert.Equal(999, Rows(Run(project, "run"), "numbers"));
    }

    private static EngineResult Run(ProjectCopy project, string verb)
    {
        var result = EngineProcess.Run(project.Root, verb, "--project-dir", project.ProjectDir);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    /// <summary>The count the "Rows per relation" part of the summary shows for the relation named <paramref name="model"/>.</summary>
    private static long Rows(EngineResult result, string model)
    {
        var line = result.Stdout.Split('\n').Single(l => l.TrimStart().StartsWith("analytics." + model + " ", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
    }
}
