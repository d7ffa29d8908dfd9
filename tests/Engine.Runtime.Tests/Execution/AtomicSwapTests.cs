using Engine.Runtime.Execution;
using Engine.TestSupport;
using Npgsql;
using Xunit;

namespace Engine.Runtime.Tests.Execution;

[Collection(PostgresCollection.Name)]
public sealed class AtomicSwapTests(PostgresFixture postgres)
{
    private static Dictionary<string, string> Files(string body) => new()
    {
        ["models/numbers.sql"] = "{{ config { materialized: 'table' } }}\n" + body,
        ["models/numbers_view.sql"] = "select n from {{ ref('numbers') }}",
    };

    [Fact]
    public async Task A_build_that_fails_halfway_leaves_the_previous_table_and_its_rows()
    {
        await using var project = await BuildHarness.CreateAsync(postgres, Files("select n from generate_series(1, 10000) as n"));
        Assert.False((await project.BuildAsync()).Failed);
        project.Write("models/numbers.sql", "{{ config { materialized: 'table' } }}\nselect case when n = 5000 then n / 0 else n end as n from generate_series(1, 20000) as n");
        var outcome = await project.BuildAsync();
        Assert.Equal(NodeStatus.Error, outcome.Status("numbers"));
        Assert.Contains("division by zero", outcome.Result("numbers").Message, StringComparison.Ordinal);
        Assert.Equal(10000, await project.ScalarAsync("select count(*) from analytics.numbers"));
        Assert.Equal(10000, await project.ScalarAsync("select count(*) from analytics.numbers_view"));
        Assert.Equal(0, await project.ScalarAsync("select count(*) from pg_class where relname like 'numbers__engine%'"));
    }

    [Fact]
    public async Task Readers_during_rebuilds_never_see_an_error_or_an_empty_table()
    {
        await using var project = await BuildHarness.CreateAsync(postgres, Files("select n from generate_series(1, 20000 + {{ var('extra', 0) }}) as n"));
        Assert.False((await project.BuildAsync()).Failed);
        using var stop = new CancellationTokenSource();
        var errors = new List<string>();
        var smallest = long.MaxValue;
        var reads = 0;
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(async () =>
        {
            await using var connection = new NpgsqlConnection(project.ConnectionString);
            await connection.OpenAsync();
            while (!stop.IsCancellationRequested)
            {
                foreach (var relation in new[] { "analytics.numbers", "analytics.numbers_view" })
                {
                    try
                    {
                        await using var command = new NpgsqlCommand($"select count(*) from {relation}", connection);
                        smallest = Math.Min(smallest, (long)(await command.ExecuteScalarAsync())!);
                        reads++;
                        reading.TrySetResult();
                    }
                    catch (PostgresException e)
                    {
                        errors.Add(e.MessageText);
                    }
                }
            }
        });

        // The rebuilds start once the reader reads: on a loaded machine its connection could otherwise open after they end.
        await Task.WhenAny(reading.Task, reader);
        var pipeline = File.ReadAllText(Path.Combine(project.Root, "pipeline.yml"));
        for (var i = 1; i <= 6; i++)
        {
            project.Write("pipeline.yml", pipeline + $"\nvars:\n  extra: {i * 1000}\n");
            var outcome = await project.BuildAsync();
            Assert.False(outcome.Failed, outcome.Problems());
        }

        await stop.CancelAsync();
        await reader;
        Assert.Empty(errors);
        Assert.True(reads > 10, $"only {reads} reads happened");
        Assert.True(smallest >= 20000, $"a reader saw {smallest} rows");
        Assert.Equal(26000, await project.ScalarAsync("select count(*) from analytics.numbers_view"));
    }
}
