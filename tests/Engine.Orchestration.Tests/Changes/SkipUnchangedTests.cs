using Engine.Orchestration.Pipeline;
using Engine.Orchestration.Tests.Support;
using Engine.Runtime.Execution;
using Engine.TestSupport;
using Engine.Warehouse.Cdc;
using Engine.Warehouse.Postgres.Cdc;
using Xunit;

namespace Engine.Orchestration.Tests.Changes;

/// <summary>
/// Builds that follow the change, on the real database with the real CDC sink writing the source: a node whose SQL and
/// inputs are unchanged is skipped with its tests, a change CDC applies reaches every model reading it, a table rebuilt
/// with the same rows is kept without a swap and its readers stay skipped, and an edited model is rebuilt.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SkipUnchangedTests(PostgresFixture postgres)
{
    private static readonly CdcTable Events = new("events", [new CdcColumn("id", "integer"), new CdcColumn("kind", "text"), new CdcColumn("amount", "integer")], ["id"]);

    [Fact]
    public async Task An_unchanged_node_is_skipped_and_a_changed_input_is_rebuilt_down_to_every_reader()
    {
        using var project = await OrchestrationProject.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["sources.yml"] = OrchestrationProject.AppEventsSources,
            ["models/totals.sql"] = "{{ config { materialized: 'table' } }}\nselect count(*) as n, sum(amount) as total from {{ source('app', 'events') }} where not _deleted",
            ["models/kinds.sql"] = "{{ config { materialized: 'table' } }}\nselect distinct kind from {{ source('app', 'events') }}",
            ["models/kind_count.sql"] = "{{ config { materialized: 'table' } }}\nselect count(*) as kinds from {{ ref('kinds') }}",
            ["models/constant.sql"] = "{{ config { materialized: 'table' } }}\nselect 1 as one",
            ["models/report.sql"] = "{{ config { materialized: 'view' } }}\nselect n * 10 as n10 from {{ ref('totals') }}",
            ["models/schema.yml"] = """
                version: 2
                models:
                  - name: totals
                    columns:
                      - name: n
                        tests: [not_null]
                  - name: kinds
                    columns:
                      - name: kind
                        tests: [not_null]
                """,
        }, "steps: [build]");
        await ApplyAsync(project, 0x100, (1, "run", 5), (2, "ride", 7));

        var first = await BuildAsync(project);
        Assert.All(first.Results, r => Assert.Contains(r.Status, new[] { NodeStatus.Success, NodeStatus.Pass }));
        Assert.Equal("2|12", await ScalarAsync(project, "select n || '|' || total from analytics.totals"));

        // Nothing changed: every model and test is up to date, and the tables are the very same relations.
        var totalsOid = await ScalarAsync(project, "select 'analytics.totals'::regclass::oid::text");
        var second = await BuildAsync(project);
        Assert.All(second.Results, r => Assert.True(r.UpToDate, $"{r.Node.Name}: {r.Status} {r.Decision}"));
        Assert.Equal(totalsOid, await ScalarAsync(project, "select 'analytics.totals'::regclass::oid::text"));

        // A sync that applied nothing (its tables prepared again, its position moved on) is no new data either.
        await ApplyAsync(project, 0x180);
        var quiet = await BuildAsync(project);
        Assert.All(quiet.Results, r => Assert.True(r.UpToDate, $"after an empty sync, {r.Node.Name}: {r.Status} {r.Decision}"));

        // CDC applies a row of a kind already there: totals is rebuilt with the new row (its swap recreates the view over it,
        // whose own node then finds it as it would create it, and keeps it); kinds is
        // rebuilt with the same rows, so it is kept and kind_count, which reads only kinds, stays up to date.
        await ApplyAsync(project, 0x200, (3, "run", 30));
        var kindsOid = await ScalarAsync(project, "select 'analytics.kinds'::regclass::oid::text");
        var third = await BuildAsync(project);
        Assert.Equal("3|42", await ScalarAsync(project, "select n || '|' || total from analytics.totals"));
        Assert.Equal("30", await ScalarAsync(project, "select n10::text from analytics.report"));
        Assert.Equal(NodeStatus.Success, Result(third, "totals").Status);
        Assert.Contains("inputs changed: events", Result(third, "totals").Decision);
        Assert.Equal(NodeStatus.Success, Result(third, "report").Status);
        Assert.Contains("view kept", Result(third, "report").Decision);
        Assert.Equal(NodeStatus.Pass, Result(third, "not_null_totals_n").Status);
        Assert.Contains("contents unchanged", Result(third, "kinds").Decision);
        Assert.Equal(kindsOid, await ScalarAsync(project, "select 'analytics.kinds'::regclass::oid::text"));
        Assert.True(Result(third, "kind_count").UpToDate);
        Assert.True(Result(third, "constant").UpToDate);
        Assert.True(Result(third, "not_null_kinds_kind").UpToDate);

        // An edited model is rebuilt; --no-skip-unchanged runs everything.
        project.Write("models/constant.sql", "{{ config { materialized: 'table' } }}\nselect 2 as one");
        var fourth = await BuildAsync(project);
        Assert.Equal(NodeStatus.Success, Result(fourth, "constant").Status);
        Assert.Equal("SQL or config changed", Result(fourth, "constant").Decision);
        Assert.Equal("2", await ScalarAsync(project, "select one::text from analytics.constant"));
        Assert.True(Result(fourth, "totals").UpToDate);

        var forced = await BuildAsync(project, new PipelineOptions { Build = new BuildOptions { SkipUnchanged = false } });
        Assert.DoesNotContain(forced.Results, r => r.UpToDate);
    }

    [Fact]
    public async Task A_view_is_created_again_when_its_input_gained_a_column_and_kept_when_only_rows_changed()
    {
        using var project = await OrchestrationProject.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["models/wide.sql"] = "{{ config { materialized: 'table' } }}\nselect 1 as a",
            ["models/everything.sql"] = "{{ config { materialized: 'view' } }}\nselect * from {{ ref('wide') }}",
        }, "steps: [build]");
        await BuildAsync(project);

        // New rows, same columns: the view in place already reads them.
        project.Write("models/wide.sql", "{{ config { materialized: 'table' } }}\nselect 1 as a union all select 2");
        var rows = await BuildAsync(project);
        Assert.Contains("view kept", Result(rows, "everything").Decision);
        Assert.Equal("2", await ScalarAsync(project, "select count(*)::text from analytics.everything"));

        // A new column: the view's stored definition expanded * to the old columns, so it is created again.
        project.Write("models/wide.sql", "{{ config { materialized: 'table' } }}\nselect 1 as a, 2 as b");
        var columns = await BuildAsync(project);
        Assert.DoesNotContain("view kept", Result(columns, "everything").Decision);
        Assert.Equal("1|2", await ScalarAsync(project, "select a || '|' || b from analytics.everything"));
    }

    [Fact]
    public async Task A_view_over_a_source_is_kept_while_only_rows_arrive_and_created_again_when_cdc_adds_a_column()
    {
        using var project = await OrchestrationProject.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["sources.yml"] = OrchestrationProject.AppEventsSources,
            ["models/all_events.sql"] = "{{ config { materialized: 'view' } }}\nselect * from {{ source('app', 'events') }}",
            ["models/amounts.sql"] = "{{ config { materialized: 'view' } }}\nselect id, amount::bigint as amount from {{ source('app', 'events') }}",
        }, "steps: [build]");
        await ApplyAsync(project, 0x100, (1, "run", 5));
        await BuildAsync(project);

        // Rows only: both views' SQL is the one they were built from and their columns are what it gives, so they are kept
        // and read the new row.
        await ApplyAsync(project, 0x200, (2, "ride", 7));
        var rows = await BuildAsync(project);
        Assert.Contains("view kept", Result(rows, "all_events").Decision);
        Assert.Contains("view kept", Result(rows, "amounts").Decision);
        Assert.Equal("2", await ScalarAsync(project, "select count(*)::text from analytics.all_events"));

        // CDC adds a column at the source: the stored definition of all_events expanded * to the old columns, so it is
        // created again and shows the new one; amounts names its columns and is still kept.
        var wider = new CdcTable("events", [.. Events.Columns, new CdcColumn("note", "text")], ["id"]);
        await ApplyAsync(project, wider, 0x300, ["3", "swim", "9", "pool"]);
        var column = await BuildAsync(project);
        Assert.Equal(NodeStatus.Success, Result(column, "all_events").Status);
        Assert.DoesNotContain("view kept", Result(column, "all_events").Decision);
        Assert.Equal("pool", await ScalarAsync(project, "select note from analytics.all_events where id = 3"));
        Assert.Contains("view kept", Result(column, "amounts").Decision);
        Assert.Equal("9", await ScalarAsync(project, "select amount::text from analytics.amounts where id = 3"));
    }

    [Fact]
    public async Task A_nodes_record_is_gone_before_its_relation_changes_and_back_after_it_built()
    {
        // The pre-hook runs in the node's transaction, before its relation is replaced: it writes down whether the node's
        // own record was still there. A build killed from then on must leave no record that could wrongly skip the node.
        using var project = await OrchestrationProject.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["sources.yml"] = OrchestrationProject.AppEventsSources,
            ["models/probe.sql"] = "{{ config { materialized: 'table', pre_hook: [\"insert into public.probe_seen select count(*) from _engine.node_states where unique_id like 'model.%.probe'\"] } }}\n" +
                "select count(*) as n from {{ source('app', 'events') }}",
        }, "steps: [build]");
        await project.ExecuteAsync("create table public.probe_seen (records bigint)");
        await ApplyAsync(project, 0x100, (1, "run", 5));
        await BuildAsync(project);
        Assert.Equal("1", await ScalarAsync(project, "select count(*)::text from _engine.node_states where unique_id like 'model.%.probe'"));

        await ApplyAsync(project, 0x200, (2, "ride", 7));
        var second = await BuildAsync(project);
        Assert.Contains("inputs changed: events", Result(second, "probe").Decision);
        Assert.Equal("0,0", await ScalarAsync(project, "select string_agg(records::text, ',') from public.probe_seen"));
        Assert.Equal("1", await ScalarAsync(project, "select count(*)::text from _engine.node_states where unique_id like 'model.%.probe'"));
    }

    [Fact]
    public async Task A_node_whose_relation_was_dropped_is_rebuilt_though_its_sql_and_inputs_are_unchanged()
    {
        using var project = await OrchestrationProject.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["models/constant.sql"] = "{{ config { materialized: 'table' } }}\nselect 1 as one",
        }, "steps: [build]");
        await BuildAsync(project);
        await project.ExecuteAsync("drop table analytics.constant");
        var again = await BuildAsync(project);
        Assert.Equal(NodeStatus.Success, Result(again, "constant").Status);
        Assert.Equal("1", await ScalarAsync(project, "select one::text from analytics.constant"));
    }

    [Fact]
    public async Task An_incremental_models_tests_check_the_rows_its_run_wrote_and_still_catch_a_bad_new_row()
    {
        using var project = await OrchestrationProject.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["sources.yml"] = OrchestrationProject.AppEventsSources,
            ["models/events_inc.sql"] = """
                {{ config { materialized: 'incremental', unique_key: 'id' } }}
                select id, kind, amount, _lsn as lsn from {{ source('app', 'events') }}
                {{ if is_incremental() }}where _lsn > (select max(lsn) from {{ this }}){{ end }}
                """,
            ["models/schema.yml"] = """
                version: 2
                models:
                  - name: events_inc
                    columns:
                      - name: id
                        tests: [unique]
                      - name: kind
                        tests:
                          - not_null
                          - not_null:
                              name: kind_never_null_anywhere
                              config:
                                incremental_scope: all
                """,
        }, "steps: [build]");
        await ApplyAsync(project, 0x100, (1, "run", 5), (2, "ride", 7));
        await BuildAsync(project);

        await ApplyAsync(project, 0x200, (3, "swim", 1));
        var second = await BuildAsync(project);
        Assert.Contains("over the 1 row the incremental run wrote", Result(second, "not_null_events_inc_kind").Message);
        Assert.Contains("over the 1 row the incremental run wrote", Result(second, "unique_events_inc_id").Message);
        Assert.DoesNotContain("incremental run wrote", Result(second, "kind_never_null_anywhere").Message);

        // A bad row arriving later is among the rows the run writes: the narrowed test fails on it.
        await ApplyAsync(project, 0x300, (4, null, 2));
        var third = await PipelineRunner.RunAsync(project.Open(), new PipelineOptions(), new RecordingPipelineObserver(), default);
        var notNull = Result(third.Build!, "not_null_events_inc_kind");
        Assert.Equal(NodeStatus.Fail, notNull.Status);
        Assert.Equal(1, notNull.Failures);
        Assert.Equal(NodeStatus.Fail, Result(third.Build!, "kind_never_null_anywhere").Status);
    }

    [Fact]
    public async Task An_incremental_model_is_up_to_date_across_runs_and_one_that_wrote_no_row_leaves_its_readers_up_to_date()
    {
        // The model names run_started_at and takes the is_incremental() branch after its first build, in its SQL and in
        // its pre-hook: neither is a change of what it is built from. Its post-hook creates two indexes in one text (as
        // the project's fact does), which changes no row.
        using var project = await OrchestrationProject.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["sources.yml"] = OrchestrationProject.AppEventsSources,
            ["models/events_inc.sql"] = """
                {{ config {
                    materialized: 'incremental',
                    unique_key: 'id',
                    pre_hook: "{{ if is_incremental() }}delete from {{ this }} where id in (select id from {{ source('app', 'events') }} where _deleted and _lsn > (select max(lsn) from {{ this }})){{ end }}",
                    post_hook: "create unique index if not exists events_inc__id on {{ this }} (id); create index if not exists events_inc__lsn on {{ this }} (lsn);"
                } }}
                select id, kind, amount, _lsn as lsn, cast('{{ run_started_at }}' as timestamp with time zone) as loaded_at
                from {{ source('app', 'events') }}
                where kind <> 'noise' and not _deleted
                {{ if is_incremental() }}and _lsn > (select max(lsn) from {{ this }}){{ end }}
                """,
            ["models/kind_totals.sql"] = "{{ config { materialized: 'table' } }}\nselect kind, sum(amount) as total from {{ ref('events_inc') }} group by kind",
            ["dashboards/kinds.yml"] = """
                title: Kinds
                charts:
                  - name: by_kind
                    type: bar
                    x: kind
                    y: total
                    sql: select kind, total from {{ ref('kind_totals') }}
                """,
            ["models/schema.yml"] = """
                version: 2
                models:
                  - name: events_inc
                    columns:
                      - name: id
                        tests: [unique]
                """,
        }, "steps: [build]");
        await ApplyAsync(project, 0x100, (1, "run", 5), (2, "ride", 7));
        await BuildAsync(project);

        // No change at the source: the incremental model, its test, the table reading it and the dashboard over that
        // table are all up to date.
        var quiet = await BuildAsync(project);
        Assert.All(quiet.Results, r => Assert.True(r.UpToDate, $"{r.Node.Name}: {r.Status} {r.Decision}"));

        // A source row the model filters out: it runs (its input moved), writes nothing and keeps its data version.
        await ApplyAsync(project, 0x200, (3, "noise", 100));
        var filtered = await BuildAsync(project);
        Assert.Equal(NodeStatus.Success, Result(filtered, "events_inc").Status);
        Assert.Contains("inputs changed: events", Result(filtered, "events_inc").Decision);
        Assert.Contains("wrote no rows", Result(filtered, "events_inc").Decision);
        Assert.True(Result(filtered, "kind_totals").UpToDate, Result(filtered, "kind_totals").Decision);
        Assert.True(Result(filtered, "unique_events_inc_id").UpToDate);
        Assert.True(Result(filtered, "kinds").UpToDate);

        // A row it keeps: merged, and the table downstream is rebuilt with it.
        await ApplyAsync(project, 0x300, (4, "run", 30));
        var added = await BuildAsync(project);
        Assert.Equal(NodeStatus.Success, Result(added, "events_inc").Status);
        Assert.DoesNotContain("wrote no rows", Result(added, "events_inc").Decision);
        Assert.Equal(NodeStatus.Success, Result(added, "kind_totals").Status);
        Assert.Contains("inputs changed: events_inc", Result(added, "kind_totals").Decision);
        Assert.Equal("35", await ScalarAsync(project, "select total::text from analytics.kind_totals where kind = 'run'"));
        Assert.Equal("3", await ScalarAsync(project, "select count(*)::text from analytics.events_inc"));
        Assert.Equal(NodeStatus.Success, Result(added, "kinds").Status);

        // A chart naming a column its query no longer returns: the dashboard's own change is checked, and fails.
        project.Write("dashboards/kinds.yml", """
            title: Kinds
            charts:
              - name: by_kind
                type: bar
                x: kind
                y: total
                sql: select kind from {{ ref('kind_totals') }}
            """);
        var edited = await PipelineRunner.RunAsync(project.Open(), new PipelineOptions(), new RecordingPipelineObserver(), default);
        Assert.Equal(NodeStatus.Error, Result(edited.Build!, "kinds").Status);
        Assert.True(Result(edited.Build!, "kind_totals").UpToDate);
    }

    private static NodeResult Result(BuildOutcome outcome, string name) => outcome.Results.Single(r => r.Node.Name == name);

    private static async Task<BuildOutcome> BuildAsync(OrchestrationProject project, PipelineOptions? options = null)
    {
        var outcome = await PipelineRunner.RunAsync(project.Open(), options ?? new PipelineOptions(), new RecordingPipelineObserver(), default);
        Assert.True(outcome.Succeeded);
        return outcome.Build!;
    }

    /// <summary>Inserts rows through the engine's CDC sink, as a sync would, committed at <paramref name="position"/>.</summary>
    private static Task ApplyAsync(OrchestrationProject project, ulong position, params (int Id, string? Kind, int Amount)[] rows) =>
        ApplyAsync(project, Events, position, [.. rows.Select(r => new[] { r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Kind, r.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture) })]);

    /// <summary>Inserts rows of <paramref name="table"/> (which may add columns to it) through the engine's CDC sink.</summary>
    private static async Task ApplyAsync(OrchestrationProject project, CdcTable table, ulong position, params string?[][] rows)
    {
        await using var sink = new PostgresCdcSink(project.ConnectionString, "app");
        await sink.BeginAsync(default);
        await sink.PrepareTableAsync(table, recreate: false, default);
        var at = new CdcPosition(position);
        var changes = rows.Select((r, i) => new CdcChange(CdcOperation.Insert, at, i, DateTime.UtcNow, r, null)).ToList();
        await sink.ApplyAsync(table, changes, default);
        await sink.CommitAsync(new CdcCheckpoint("test_slot", at, new CdcPosition(0x100), DateTime.UtcNow), default);
    }

    private static async Task<string?> ScalarAsync(OrchestrationProject project, string sql) => (string?)await project.ScalarAsync(sql);
}
