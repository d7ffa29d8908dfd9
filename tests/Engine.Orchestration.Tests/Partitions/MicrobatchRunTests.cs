using Engine.Core.Compilation;
using Engine.Orchestration.Partitions;
using Engine.Orchestration.Pipeline;
using Engine.Orchestration.Tests.Support;
using Engine.Runtime.Sessions;
using Engine.TestSupport;
using Npgsql;
using Xunit;

namespace Engine.Orchestration.Tests.Partitions;

/// <summary>
/// A microbatch model on the real database: a partitioned run replaces its window only, from its parent read in the
/// window only; an explicit event-time window replaces that range.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MicrobatchRunTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_partition_run_replaces_exactly_its_window_and_leaves_other_days_as_they_were()
    {
        using var project = await OrchestrationProject.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["sources.yml"] = OrchestrationProject.AppEventsSources,
            ["models/events.sql"] = "{{ config { materialized: 'table', event_time: 'occurred_at' } }}\nselect * from {{ source('app', 'events') }}",
            ["models/daily_counts.sql"] = """
                {{ config { materialized: 'incremental', incremental_strategy: 'microbatch', event_time: 'day', begin: '2024-01-01', batch_size: 'day' } }}
                select date_trunc('day', e.occurred_at) as day, count(*) as n from {{ ref('events') }} e group by 1
                """,
        }, """
            steps: [build]
            partitions:
              daily:
                start: 2024-01-01
            """);
        await project.ExecuteAsync("""
            create schema app;
            create table app.events (id int, occurred_at timestamptz);
            insert into app.events values (1, '2024-01-10 08:00+00'), (2, '2024-01-10 09:00+00'), (3, '2024-01-11 08:00+00'), (4, '2024-01-11 09:00+00'), (5, '2024-01-11 23:59+00');
            """);
        Assert.True((await RunAsync(project.Open())).Succeeded);
        Assert.Equal(["2024-01-10:2", "2024-01-11:3"], await CountsAsync(project));

        await project.ExecuteAsync("insert into app.events values (6, '2024-01-10 10:00+00'), (7, '2024-01-11 10:00+00'), (8, '2024-01-12 00:00+00')");
        var (session, options, _) = PartitionedRun.For(project.Open(), new PipelineOptions(), "2024-01-11", null);
        Assert.True((await PipelineRunner.RunAsync(session, options, new RecordingPipelineObserver(), default)).Succeeded);
        // 2024-01-10 keeps its old count and 2024-01-12 is outside the window: only [2024-01-11, 2024-01-12) was replaced.
        Assert.Equal(["2024-01-10:2", "2024-01-11:4"], await CountsAsync(project));

        var window = new RunPartition(null, new(2024, 1, 10, 0, 0, 0, TimeSpan.Zero), new(2024, 1, 13, 0, 0, 0, TimeSpan.Zero));
        Assert.True((await RunAsync(ProjectSession.Open(project.Open().Options with { Partition = window }, TestWarehouses.Registry))).Succeeded);
        Assert.Equal(["2024-01-10:3", "2024-01-11:4", "2024-01-12:1"], await CountsAsync(project));
    }

    [Fact]
    public async Task A_source_table_that_declares_event_time_is_read_in_the_window_only()
    {
        using var project = await OrchestrationProject.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["sources.yml"] = """
                version: 2
                sources:
                  - name: app
                    schema: app
                    tables:
                      - name: events
                        config:
                          event_time: occurred_at
                      - name: kinds
                """,
            ["models/daily_counts.sql"] = """
                {{ config { materialized: 'incremental', incremental_strategy: 'microbatch', event_time: 'day', begin: '2024-01-01', batch_size: 'day' } }}
                select date_trunc('day', e.occurred_at) as day, count(*) as n
                from {{ source('app', 'events') }} e join {{ source('app', 'kinds') }} k on k.id = e.id
                group by 1
                """,
        }, """
            steps: [build]
            partitions:
              daily:
                start: 2024-01-01
            """);
        await project.ExecuteAsync("""
            create schema app;
            create table app.events (id int, occurred_at timestamptz);
            create table app.kinds (id int);
            insert into app.kinds select generate_series(1, 10);
            insert into app.events values (1, '2024-01-10 08:00+00'), (2, '2024-01-11 08:00+00');
            """);
        Assert.True((await RunAsync(project.Open())).Succeeded);
        Assert.Equal(["2024-01-10:1", "2024-01-11:1"], await CountsAsync(project));

        // Without the source filter the partition's insert would bring back every day (duplicating 2024-01-10, adding 2024-01-12).
        await project.ExecuteAsync("insert into app.events values (3, '2024-01-10 10:00+00'), (4, '2024-01-11 10:00+00'), (5, '2024-01-12 00:00+00')");
        var (session, options, _) = PartitionedRun.For(project.Open(), new PipelineOptions(), "2024-01-11", null);
        Assert.True((await PipelineRunner.RunAsync(session, options, new RecordingPipelineObserver(), default)).Succeeded);
        Assert.Equal(["2024-01-10:1", "2024-01-11:2"], await CountsAsync(project));
    }

    private static Task<PipelineOutcome> RunAsync(ProjectSession session) =>
        PipelineRunner.RunAsync(session, new PipelineOptions(), new RecordingPipelineObserver(), default);

    private static async Task<List<string>> CountsAsync(OrchestrationProject project)
    {
        await using var connection = new NpgsqlConnection(project.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select to_char(day at time zone 'UTC', 'YYYY-MM-DD') || ':' || n from analytics.daily_counts order by day", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var result = new List<string>();
        while (await reader.ReadAsync())
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }
}
