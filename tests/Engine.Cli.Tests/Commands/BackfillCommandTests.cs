using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Engine.Cli.Tests.Support;
using Engine.TestSupport;
using Npgsql;
using Xunit;

namespace Engine.Cli.Tests.Commands;

/// <summary>
/// engine backfill as a user runs it: killed with SIGKILL at random points (no chance to clean up) and run again
/// until it finishes, against the test cluster and the Strava sandbox the CLI starts.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BackfillCommandTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_backfill_of_90_days_killed_at_random_points_resumes_with_each_partition_once_and_none_missing()
    {
        var (project, warehouse) = await CreateAsync();
        using var _ = project;
        string[] args = ["backfill", "--from", "2025-06-01", "--to", "2025-08-29", "--max-partitions-per-run", "10", "--project-dir", project.ProjectDir];
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var kills = 0;
        EngineResult? finished = null;
        for (var attempt = 0; attempt < 12 && finished is null; attempt++)
        {
            if (attempt >= 8)
            {
                finished = EngineProcess.Run(project.Root, args);
                break;
            }

            using var process = EngineProcess.Start(project.Root, new Dictionary<string, string>(), args);
            var stderr = process.StandardError.ReadToEndAsync();

            // The kill lands at a random point after the backfill has shown progress, so it always falls inside the
            // work however fast the machine is: a wall-clock delay alone let a quiet machine finish first. Only a run
            // that is not the last one is a kill point: a kill after the last run could land after the backfill was
            // recorded done, and the same command then starts a new backfill of the whole range, as the user asked.
            var output = new StringBuilder();
            var killPoints = 0;
            var killAfter = random.Next(1, 3);
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync()) is not null)
            {
                output.AppendLine(line);
                if (RunsLeftAfter(line) >= 1 && ++killPoints >= killAfter)
                {
                    break;
                }
            }

            var exited = line is null || process.WaitForExit(random.Next(0, 200));
            if (exited)
            {
                output.Append(await process.StandardOutput.ReadToEndAsync());
                await process.WaitForExitAsync();
                finished = new EngineResult(process.ExitCode, output.ToString(), await stderr);
                break;
            }

            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();

            // A fast machine can finish the runs left after the kill point within the wait and record the backfill
            // done before the kill lands; running the command again would then start a new backfill of the whole
            // range, as a user asking again would. Such a kill hit a finished backfill: it is not a kill point.
            if ((await Sql.ColumnAsync<long>(warehouse, "SELECT count(*) FROM _engine.backfills WHERE status = 'succeeded'")).Single() > 0)
            {
                finished = new EngineResult(0, output.ToString(), await stderr);
                break;
            }

            kills++;
        }

        Assert.NotNull(finished);
        Assert.True(finished.ExitCode == 0, $"seed {seed}, {kills} kills: {finished}");
        Assert.Matches(@"backfill: \d+/90 partitions \(\d+%\), run \d+/\d+: 2025-\d\d-\d\d\.\.2025-\d\d-\d\d, ETA", finished.Stdout);
        Assert.True(kills > 0, $"seed {seed}: no kill landed before the backfill finished");

        // engine runs marks the killed runs abandoned; none stays running.
        var runs = EngineProcess.Run(project.Root, "runs", "--limit", "100", "--project-dir", project.ProjectDir);
        Assert.True(runs.ExitCode == 0, runs.ToString());
        Assert.Equal(0L, Assert.Single(await Sql.ColumnAsync<long>(warehouse, "SELECT count(*) FROM _engine.runs WHERE status = 'running'")));
        var successes = await Sql.ColumnAsync<long>(warehouse, """
            SELECT count(r.id) FROM generate_series(date '2025-06-01', date '2025-08-29', interval '1 day') AS d (day)
            LEFT JOIN _engine.runs r ON r.status = 'succeeded' AND r.trigger = 'backfill' AND to_char(d.day, 'YYYY-MM-DD') = ANY(r.partition_keys)
            GROUP BY d.day ORDER BY d.day
            """);
        Assert.Equal(Enumerable.Repeat(1L, 90), successes);
        Assert.Equal(["succeeded"], await Sql.ColumnAsync<string>(warehouse, "SELECT DISTINCT status FROM _engine.backfill_partitions"));
    }

    /// <summary>For a progress line "backfill: d/t partitions (p%), run i/n: ...", the runs after this one; else -1.</summary>
    private static int RunsLeftAfter(string line)
    {
        var match = Regex.Match(line, @"^backfill: \d+/\d+ partitions \(\d+%\), run (\d+)/(\d+):");
        return match.Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) - int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
    }

    [Fact]
    public async Task A_key_that_is_not_a_partition_is_one_error_and_exit_2()
    {
        var (project, _) = await CreateAsync();
        using var _ = project;

        var result = EngineProcess.Run(project.Root, "backfill", "--from", "2025-06-31", "--to", "2025-07-02", "--project-dir", project.ProjectDir);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["error ENG1808: --from '2025-06-31' is not a partition of 'daily' (daily from 2024-01-01; keys look like 2024-01-15)"],
            result.ErrorLines.Where(l => l.StartsWith("error", StringComparison.Ordinal)));
        Assert.False(result.HasStackTrace);
    }

    private async Task<(ProjectCopy Project, string Warehouse)> CreateAsync()
    {
        var warehouse = await postgres.CreateDatabaseAsync("cli_backfill");
        var staging = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync("cli_staging")).Database;
        var project = new ProjectCopy(fromRepository: false);
        project.Write("pipeline.yml", $"""
            name: cli
            {PostgresTarget.Yaml(warehouse)}
            steps: [extract, build]
            partitions:
              daily:
                start: 2024-01-01
            """);
        project.Write("sources.yml", $"""
            version: 2
            sources:
              - name: strava
                schema: strava
                staging:
                  database: {staging}
                extract:
                  connector: strava
                tables:
                  - name: activities
            """);
        project.Write("models/window_log.sql", """
            {{ config { materialized: 'incremental', incremental_strategy: 'append' } }}
            select '{{ partition.start }}'::timestamptz as window_start, '{{ partition.end }}'::timestamptz as window_end
            """);
        return (project, warehouse);
    }
}
