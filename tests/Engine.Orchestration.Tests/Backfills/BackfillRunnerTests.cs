using Engine.Orchestration.Backfills;
using Engine.Orchestration.Pipeline;
using Engine.Orchestration.State;
using Engine.Orchestration.Tests.Support;
using Engine.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Strava.Sandbox;
using Strava.Sandbox.Data;
using Xunit;

namespace Engine.Orchestration.Tests.Backfills;

[Collection(PostgresCollection.Name)]
public sealed class BackfillRunnerTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Appends the window of every run that builds it: the witness that each day was processed by some run.
    /// </summary>
    private const string WindowLog = """
        {{ config { materialized: 'incremental', incremental_strategy: 'append' } }}
        select '{{ partition.start }}'::timestamptz as window_start, '{{ partition.end }}'::timestamptz as window_end, '{{ partition.key }}' as partition_key
        """;

    [Fact]
    public async Task A_backfill_of_90_days_cancelled_at_random_points_and_resumed_does_each_partition_once_and_none_is_missing()
    {
        var sandboxOptions = new SandboxOptions { Clock = SandboxClock.At(Now) };
        using var project = await CreateProjectAsync();
        var clock = new FakeTimeProvider(Now);
        var options = new PipelineOptions { Command = "backfill", StravaStandIn = SandboxStandIn.For(sandboxOptions) };
        var request = new BackfillRequest("2024-01-01", "2024-03-30") { MaxPartitionsPerRun = 10 };
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var cancelled = 0;
        BackfillOutcome? finished = null;
        for (var attempt = 0; attempt < 40 && finished is null; attempt++)
        {
            // Each attempt is cancelled at a random point of its progress (the k-th step or node event), not after a delay,
            // so a fast machine cannot finish before the cancel. The last attempts are not cancelled, so the test ends.
            using var cancel = new CancellationTokenSource();
            var cancelAt = attempt < 30 ? random.Next(1, 30) : int.MaxValue;
            var heard = 0;
            var observer = new RecordingPipelineObserver
            {
                Heard = () =>
                {
                    if (Interlocked.Increment(ref heard) == cancelAt)
                    {
                        cancel.Cancel();
                    }
                },
            };
            try
            {
                var outcome = await BackfillRunner.RunAsync(project.Open(), options, request, observer, null, clock, cancel.Token);
                Assert.True(outcome.Succeeded, $"seed {seed}: a run failed without being cancelled: {string.Join("; ", outcome.Deciding!.Done.Select(d => d.Name + " " + d.Detail + string.Join(",", d.Extract?.Athletes.Select(a => a.ToString()) ?? [])))}");
                finished = outcome;
            }
            catch (Exception) when (cancel.IsCancellationRequested)
            {
                cancelled++;
            }
        }

        Assert.NotNull(finished);
        Assert.True(cancelled > 0, $"seed {seed}: no attempt was cancelled, nothing was resumed");
        var store = (await StateStore.TryOpenAsync(project.Open(), clock, default))!;
        var partitions = await store.BackfillPartitionsAsync(finished.BackfillId, default);
        Assert.Equal(90, partitions.Length);
        Assert.All(partitions, p => Assert.Equal("succeeded", p.Status));

        // Exactly once: each day is in one successful run, whatever the cancelled attempts left behind.
        var successes = await Sql.ColumnAsync<long>(project.ConnectionString, """
            SELECT count(r.id) FROM generate_series(date '2024-01-01', date '2024-03-30', interval '1 day') AS d (day)
            LEFT JOIN _engine.runs r ON r.status = 'succeeded' AND to_char(d.day, 'YYYY-MM-DD') = ANY(r.partition_keys)
            GROUP BY d.day ORDER BY d.day
            """);
        Assert.Equal(Enumerable.Repeat(1L, 90), successes);

        // None missing: every day lies in a window a build processed, and staging holds every activity the sandbox has in the range.
        var uncovered = await Sql.ColumnAsync<DateTime>(project.ConnectionString, """
            SELECT d.day FROM generate_series(timestamptz '2024-01-01', timestamptz '2024-03-30', interval '1 day') AS d (day)
            WHERE NOT EXISTS (SELECT 1 FROM analytics.window_log w WHERE d.day >= w.window_start AND d.day < w.window_end)
            """);
        Assert.Empty(uncovered);
        var data = DemoDataset.Generate(sandboxOptions);
        var expected = data.Athletes.Sum(a => data.Visible(a.Id, Now)
            .Count(x => x.StartDate >= new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero) && x.StartDate < new DateTimeOffset(2024, 3, 31, 0, 0, 0, TimeSpan.Zero)));
        Assert.True(expected > 0);
        var staged = await Sql.ColumnAsync<long>(project.StagingConnectionString!,
            "SELECT count(*) FROM public.activities WHERE start_date >= '2024-01-01' AND start_date < '2024-03-31'");
        Assert.Equal(expected, Assert.Single(staged));

        // Asked again for the missing ones: a new backfill that finds every partition filled and runs nothing.
        var again = await BackfillRunner.RunAsync(project.Open(), options, request with { MissingOnly = true }, new RecordingPipelineObserver(), null, clock, default);
        Assert.NotEqual(finished.BackfillId, again.BackfillId);
        Assert.Equal((90, 0), (again.Skipped, again.Runs.Length));
    }

    [Fact]
    public async Task Missing_only_skips_partitions_a_successful_run_processed_and_batches_the_gaps()
    {
        using var project = await CreateProjectAsync(steps: "[build]");
        var clock = new FakeTimeProvider(Now);
        var options = new PipelineOptions { Command = "backfill" };
        var first = await BackfillRunner.RunAsync(project.Open(), options, new BackfillRequest("2024-02-03", "2024-02-04"), new RecordingPipelineObserver(), null, clock, default);
        Assert.True(first.Succeeded);
        Assert.Single(first.Runs);

        var progress = new List<BackfillProgress>();
        var outcome = await BackfillRunner.RunAsync(project.Open(), options, new BackfillRequest("2024-02-01", "2024-02-06") { MissingOnly = true },
            new RecordingPipelineObserver(), new InlineProgress(progress.Add), clock, default);

        Assert.Equal((6, 2), (outcome.Total, outcome.Skipped));
        Assert.Equal(2, outcome.Runs.Length);
        var store = (await StateStore.TryOpenAsync(project.Open(), clock, default))!;
        var runs = await store.ListRunsAsync(10, default);
        Assert.Equal([["2024-02-05", "2024-02-06"], ["2024-02-01", "2024-02-02"], ["2024-02-03", "2024-02-04"]], runs.Select(r => r.PartitionKeys.ToArray()).ToArray());
        Assert.All(runs, r => Assert.Equal(RunTrigger.Backfill, r.Trigger));
        Assert.Equal([2, 4, 6], progress.Select(p => p.Done).ToArray()[..3]);
        Assert.Equal(TimeSpan.Zero, progress[^1].Eta);
    }

    [Theory]
    [InlineData("2024-1-01", "2024-01-02", "--from '2024-1-01' is not a partition of 'daily'")]
    [InlineData("2023-12-31", "2024-01-02", "--from '2023-12-31' is not a partition of 'daily'")]
    [InlineData("2024-01-05", "2024-01-02", "--to 2024-01-02 is before --from 2024-01-05")]
    [InlineData("2024-05-01", "2024-06-01", "--to 2024-06-01: partition not closed yet (the last closed partition of 'daily' is 2024-05-31)")]
    public async Task A_bad_range_is_one_error_naming_the_value(string from, string to, string message)
    {
        using var project = await CreateProjectAsync(steps: "[build]");
        var error = await Assert.ThrowsAsync<Core.Diagnostics.ProjectException>(() => BackfillRunner.RunAsync(
            project.Open(), new PipelineOptions(), new BackfillRequest(from, to), new RecordingPipelineObserver(), null, new FakeTimeProvider(Now), default));
        Assert.Equal("ENG1808", Assert.Single(error.Diagnostics).Code);
        Assert.StartsWith(message, error.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    private async Task<OrchestrationProject> CreateProjectAsync(string steps = "[extract, build]")
    {
        var staging = await postgres.CreateDatabaseAsync("staging");
        var project = await OrchestrationProject.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["models/window_log.sql"] = WindowLog,
            ["sources.yml"] = $"""
                version: 2
                sources:
                  - name: strava
                    schema: strava
                    staging:
                      database: {new NpgsqlConnectionStringBuilder(staging).Database}
                    extract:
                      connector: strava
                    tables:
                      - name: activities
                """,
        }, $"""
            steps: {steps}
            partitions:
              daily:
                start: 2024-01-01
            """);
        project.StagingConnectionString = staging;
        return project;
    }

    private sealed class InlineProgress(Action<BackfillProgress> report) : IProgress<BackfillProgress>
    {
        public void Report(BackfillProgress value) => report(value);
    }
}
