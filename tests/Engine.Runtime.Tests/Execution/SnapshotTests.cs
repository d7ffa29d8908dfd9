using Engine.TestSupport;
using Xunit;

namespace Engine.Runtime.Tests.Execution;

[Collection(PostgresCollection.Name)]
public sealed class SnapshotTests(PostgresFixture postgres)
{
    private const string Sources = "version: 2\nsources:\n  - name: app\n    schema: app\n    tables:\n      - name: people\n";

    private static Dictionary<string, string> Files(string config) => new()
    {
        ["sources.yml"] = Sources,
        ["models/snapshots/people_history.sql"] = $"{{{{ config {{ {config} }} }}}}\nselect * from {{{{ source('app', 'people') }}}}",
    };

    private static async Task<BuildHarness> StartAsync(PostgresFixture postgres, string config)
    {
        var project = await BuildHarness.CreateAsync(postgres, Files(config));
        await project.ExecuteAsync("""
            create schema app;
            create table app.people (id int, name text, updated_at timestamp);
            insert into app.people values (1, 'a', '2024-01-01'), (2, 'b', '2024-01-01'), (3, 'c', '2024-01-01');
            """);
        var first = await project.BuildAsync();
        Assert.False(first.Failed, first.Problems());
        return project;
    }

    [Theory]
    [InlineData("ignore", 5, 4)]
    [InlineData("invalidate", 5, 3)]
    [InlineData("new_record", 6, 4)]
    public async Task Timestamp_strategy_records_updates_inserts_and_hard_deletes(string hardDeletes, long rows, long current)
    {
        await using var project = await StartAsync(postgres, $"strategy: 'timestamp', unique_key: 'id', updated_at: 'updated_at', hard_deletes: '{hardDeletes}'");
        Assert.Equal(3, await project.ScalarAsync("select count(*) from analytics.people_history where is_current and valid_to is null"));

        var unchanged = await project.BuildAsync();
        Assert.Equal(0, unchanged.Result("people_history").RowsAffected);
        Assert.Equal(3, await project.ScalarAsync("select count(*) from analytics.people_history"));

        await project.ExecuteAsync("update app.people set name = 'B', updated_at = '2024-02-01' where id = 2; insert into app.people values (4, 'd', '2024-02-01'); delete from app.people where id = 3");
        var changed = await project.BuildAsync();
        Assert.False(changed.Failed, changed.Problems());
        Assert.Equal(rows, await project.ScalarAsync("select count(*) from analytics.people_history"));
        Assert.Equal(current, await project.ScalarAsync("select count(*) from analytics.people_history where is_current"));
        Assert.Equal(
            ["2|B|2024-02-01 00:00:00|null|True", "2|b|2024-01-01 00:00:00|2024-02-01 00:00:00|False"],
            await project.RowsAsync("select id, name, to_char(valid_from, 'YYYY-MM-DD HH24:MI:SS'), to_char(valid_to, 'YYYY-MM-DD HH24:MI:SS'), is_current from analytics.people_history where id = 2"));
        Assert.Equal(0, await project.ScalarAsync("select count(*) from (select id from analytics.people_history where is_current group by id having count(*) > 1) x"));
        Assert.Equal(0, await project.ScalarAsync("""
            select count(*) from analytics.people_history a join analytics.people_history b
              on a.id = b.id and a.scd_id <> b.scd_id
             and a.valid_from < coalesce(b.valid_to, 'infinity') and b.valid_from < coalesce(a.valid_to, 'infinity')
            """));

        var again = await project.BuildAsync();
        Assert.Equal(0, again.Result("people_history").RowsAffected);
        Assert.Equal(rows, await project.ScalarAsync("select count(*) from analytics.people_history"));
    }

    [Fact]
    public async Task New_record_marks_a_deleted_row_and_a_returning_row_opens_a_new_version()
    {
        await using var project = await StartAsync(postgres, "strategy: 'timestamp', unique_key: 'id', updated_at: 'updated_at', hard_deletes: 'new_record'");
        await project.ExecuteAsync("delete from app.people where id = 3");
        Assert.False((await project.BuildAsync()).Failed);
        Assert.Equal(1, await project.ScalarAsync("select count(*) from analytics.people_history where id = 3 and is_current and is_deleted"));

        await project.ExecuteAsync("insert into app.people values (3, 'c again', '2024-03-01')");
        Assert.False((await project.BuildAsync()).Failed);
        Assert.Equal(["3|c again|False"], await project.RowsAsync("select id, name, is_deleted from analytics.people_history where id = 3 and is_current"));
        Assert.Equal(3, await project.ScalarAsync("select count(*) from analytics.people_history where id = 3"));
    }

    [Theory]
    [InlineData("check_cols: ['name']")]
    [InlineData("check_cols: 'all'")]
    public async Task Check_strategy_sees_changed_columns_without_a_timestamp(string checkCols)
    {
        await using var project = await StartAsync(postgres, $"strategy: 'check', unique_key: 'id', {checkCols}");
        await project.ExecuteAsync("update app.people set name = 'A' where id = 1");
        var changed = await project.BuildAsync();
        Assert.False(changed.Failed, changed.Problems());
        Assert.Equal(["1|A|True", "1|a|False"], await project.RowsAsync("select id, name, is_current from analytics.people_history where id = 1"));
        var unchanged = await project.BuildAsync();
        Assert.Equal(0, unchanged.Result("people_history").RowsAffected);
        Assert.Equal(4, await project.ScalarAsync("select count(*) from analytics.people_history"));
    }

    [Fact]
    public async Task Snapshot_meta_column_names_rename_the_meta_columns()
    {
        await using var project = await StartAsync(postgres, "strategy: 'timestamp', unique_key: 'id', updated_at: 'updated_at', hard_deletes: 'new_record', snapshot_meta_column_names: { dbt_valid_from: 'start_date', dbt_valid_to: 'end_date', dbt_scd_id: 'row_id', dbt_is_deleted: 'was_deleted' }");
        await project.ExecuteAsync("update app.people set name = 'B', updated_at = '2024-02-01' where id = 2; delete from app.people where id = 3");
        var changed = await project.BuildAsync();
        Assert.False(changed.Failed, changed.Problems());
        Assert.Equal(["end_date", "id", "is_current", "name", "row_id", "start_date", "updated_at", "was_deleted"],
            await project.RowsAsync("select column_name from information_schema.columns where table_schema = 'analytics' and table_name = 'people_history'"));
        // Ended versions: id 2's old name when it changed, id 3's when it vanished (at the run's time).
        Assert.Equal(["2|b", "3|c"], await project.RowsAsync("select id, name from analytics.people_history where end_date is not null"));
        Assert.Equal(["2|b|2024-02-01"], await project.RowsAsync("select id, name, to_char(end_date, 'YYYY-MM-DD') from analytics.people_history where id = 2 and end_date is not null"));
        Assert.Equal(1, await project.ScalarAsync("select count(*) from analytics.people_history where was_deleted"));
    }

    [Fact]
    public async Task Snapshot_meta_column_names_refuses_dbt_updated_at_with_the_file()
    {
        await using var project = await BuildHarness.CreateAsync(postgres, Files("strategy: 'timestamp', unique_key: 'id', updated_at: 'updated_at', snapshot_meta_column_names: { dbt_updated_at: 'changed_at' }"));
        var error = await Assert.ThrowsAsync<Core.Diagnostics.ProjectException>(() => project.BuildAsync());
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Contains("cannot rename 'dbt_updated_at'", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("people_history.sql(1,", diagnostic.Format(), StringComparison.Ordinal);
    }
}
