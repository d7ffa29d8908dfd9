using Engine.Core.Compilation;
using Engine.Core.Diagnostics;
using Engine.Core.Loading;
using Engine.TestSupport;
using Engine.Warehouse.Tests.Support;
using Xunit;

namespace Engine.Warehouse.Tests.Project;

/// <summary>
/// A microbatch model compiled for every dialect: its parent that declares event_time is read in the window only,
/// and the window is replaced by a delete of [start, end) then an insert, in one transaction.
/// </summary>
public sealed class MicrobatchSnapshotTests
{
    private static readonly DateTimeOffset RunStartedAt = new(2026, 1, 15, 6, 30, 0, TimeSpan.Zero);
    private static readonly RunPartition Window = new("2024-01-15", new(2024, 1, 15, 0, 0, 0, TimeSpan.Zero), new(2024, 1, 16, 0, 0, 0, TimeSpan.Zero));

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var dialect in TestWarehouses.Dialects)
        {
            data.Add(dialect.Name, "partition");
            data.Add(dialect.Name, "lookback");
            data.Add(dialect.Name, "first_build");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Microbatch_statements_match_the_approved_snapshot(string dialectName, string scenario)
    {
        var dialect = TestWarehouses.Dialect(dialectName);
        var node = Compile(dialect, scenario == "partition" ? Window : null, tablesExist: scenario != "first_build");
        var window = node.EventTimeWindow!;
        var statements = scenario == "first_build"
            ? [node.Sql]
            : new[] { "begin", $"create temporary table daily_counts__engine_incr as\n{node.Sql}", dialect.DeleteWindow(node.Node.Relation!, "day", window.Start, window.End), "-- then the adapter's insert of the staged rows (the statement of incremental_append)", "commit" };
        SqlApprovals.Verify(string.Join(";\n\n", statements) + ";", $"{dialectName}.microbatch_{scenario}");
    }

    private static CompiledNode Compile(ISqlDialect dialect, RunPartition? partition, bool tablesExist)
    {
        var root = Path.Combine(Path.GetTempPath(), "engine-microbatch-" + Guid.NewGuid().ToString("N"));
        try
        {
            Write(root, "pipeline.yml", """
                name: mb
                targets:
                  postgres: {type: postgres, database: warehouse, schema: dwh}
                  snowflake: {type: snowflake, account: acme, user: u, database: ANALYTICS, schema: DWH}
                """);
            Write(root, "models/events.sql", "{{ config { materialized: 'table', event_time: 'occurred_at' } }}\nselect 1 as id, cast('2024-01-15 10:00:00+00' as timestamp with time zone) as occurred_at\n");
            Write(root, "models/athletes.sql", "select 1 as id\n");
            Write(root, "models/daily_counts.sql", """
                {{ config { materialized: 'incremental', incremental_strategy: 'microbatch', event_time: 'day', begin: '2024-01-01', batch_size: 'day', lookback: 2 } }}
                select {{ date_trunc('day', 'e.occurred_at') }} as day, count(*) as events
                from {{ ref('events') }} e
                join {{ ref('athletes') }} a on a.id = e.id
                group by 1
                """);
            var bag = new DiagnosticBag();
            var definition = ProjectLoader.Load(root, bag);
            var options = new CompileOptions(definition.Config.Targets[dialect.Name], dialect)
            {
                RunStartedAt = RunStartedAt,
                EnvironmentVariable = _ => null,
                RelationExists = tablesExist ? _ => true : null,
                Partition = partition,
            };
            var parsed = ProjectParser.Parse(definition, options, bag);
            var compiled = ProjectCompiler.Compile(parsed, [.. parsed.Graph.Nodes.Keys], bag);
            Assert.False(bag.HasErrors, string.Join("\n", bag.ToSortedList().Select(d => d.Format())));
            return compiled.Nodes.Single(n => n.Node.Name == "daily_counts");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
