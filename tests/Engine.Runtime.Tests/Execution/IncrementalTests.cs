using Engine.TestSupport;
using Xunit;

namespace Engine.Runtime.Tests.Execution;

[Collection(PostgresCollection.Name)]
public sealed class IncrementalTests(PostgresFixture postgres)
{
    private const string Sources = "version: 2\nsources:\n  - name: app\n    schema: app\n    tables:\n      - name: items\n";

    private static Dictionary<string, string> Files(string config, string select = "id, part, value, updated_at") => new()
    {
        ["sources.yml"] = Sources,
        ["models/items_inc.sql"] = $$$"""
            {{ config { materialized: 'incremental', {{{config}}} } }}
            select {{{select}}} from {{ source('app', 'items') }}
            {{ if is_incremental() }}
            where updated_at > (select max(updated_at) from {{ this }})
            {{ end }}
            """,
    };

    private static async Task SeedSourceAsync(BuildHarness project) => await project.ExecuteAsync("""
        create schema app;
        create table app.items (id int, part text, value text, updated_at int);
        insert into app.items values (1, 'a', 'one', 1), (2, 'a', 'two', 1), (3, 'b', 'three', 1);
        """);

    private static async Task ChangeSourceAsync(BuildHarness project) => await project.ExecuteAsync("""
        update app.items set value = 'TWO', updated_at = 2 where id = 2;
        insert into app.items values (4, 'b', 'four', 2);
        """);

    [Theory]
    [InlineData("unique_key: 'id', incremental_strategy: 'merge'", "1|a|one|1,2|a|TWO|2,3|b|three|1,4|b|four|2")]
    [InlineData("unique_key: ['id', 'part'], incremental_strategy: 'merge'", "1|a|one|1,2|a|TWO|2,3|b|three|1,4|b|four|2")]
    [InlineData("unique_key: 'id', incremental_strategy: 'delete+insert'", "1|a|one|1,2|a|TWO|2,3|b|three|1,4|b|four|2")]
    [InlineData("unique_key: ['id', 'part'], incremental_strategy: 'delete+insert'", "1|a|one|1,2|a|TWO|2,3|b|three|1,4|b|four|2")]
    [InlineData("incremental_strategy: 'append'", "1|a|one|1,2|a|TWO|2,2|a|two|1,3|b|three|1,4|b|four|2")]
    public async Task Each_strategy_applies_new_and_changed_rows_and_keeps_unchanged_ones(string config, string expected)
    {
        await using var project = await BuildHarness.CreateAsync(postgres, Files(config));
        await SeedSourceAsync(project);
        var first = await project.BuildAsync();
        Assert.False(first.Failed, first.Problems());
        Assert.StartsWith("created", first.Result("items_inc").Message, StringComparison.Ordinal);

        await ChangeSourceAsync(project);
        var second = await project.BuildAsync();
        Assert.False(second.Failed, second.Problems());
        Assert.Equal(2, second.Result("items_inc").RowsAffected);
        Assert.Equal(expected.Split(','), await project.RowsAsync("select id, part, value, updated_at from analytics.items_inc"));

        var full = await project.BuildAsync(fullRefresh: true);
        Assert.False(full.Failed, full.Problems());
        Assert.Equal(4, await project.ScalarAsync("select count(*) from analytics.items_inc"));
    }

    [Theory]
    [InlineData("unique_key: 'id', incremental_strategy: 'merge'", 1, 4)]
    [InlineData("unique_key: ['id', 'part'], incremental_strategy: 'delete+insert'", 1, 4)]
    [InlineData("unique_key: 'id', incremental_strategy: 'append'", 0, 5)]
    [InlineData("incremental_strategy: 'append'", 0, 5)]
    public async Task The_full_build_makes_the_merge_index_on_the_unique_key(string config, int indexes, int rows)
    {
        await using var project = await BuildHarness.CreateAsync(postgres, Files(config));
        await SeedSourceAsync(project);
        const string Count = "select count(*) from pg_indexes where schemaname = 'analytics' and tablename = 'items_inc' and indexname = 'items_inc__engine_key'";

        var first = await project.BuildAsync();
        Assert.False(first.Failed, first.Problems());
        Assert.Equal(indexes, await project.ScalarAsync(Count));

        // A full refresh swaps in a new table: the index comes with it, and the next merge finds it there.
        var full = await project.BuildAsync(fullRefresh: true);
        Assert.False(full.Failed, full.Problems());
        Assert.Equal(indexes, await project.ScalarAsync(Count));

        await ChangeSourceAsync(project);
        var next = await project.BuildAsync();
        Assert.False(next.Failed, next.Problems());
        Assert.Equal(indexes, await project.ScalarAsync(Count));
        Assert.Equal(rows, await project.ScalarAsync("select count(*) from analytics.items_inc"));
    }

    [Fact]
    public async Task A_full_build_without_the_unique_key_column_succeeds_and_the_incremental_run_names_the_column()
    {
        await using var project = await BuildHarness.CreateAsync(postgres, Files("unique_key: 'missing'"));
        await SeedSourceAsync(project);
        var first = await project.BuildAsync();
        Assert.False(first.Failed, first.Problems());

        await ChangeSourceAsync(project);
        var second = await project.BuildAsync();
        Assert.True(second.Failed);
        Assert.Contains("\"missing\"", second.Result("items_inc").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ignore", "id,part,updated_at,value", false)]
    [InlineData("append_new_columns", "extra,id,part,updated_at,value", false)]
    [InlineData("sync_all_columns", "extra,id,part,updated_at", false)]
    [InlineData("fail", "id,part,updated_at,value", true)]
    public async Task On_schema_change_reconciles_the_target_columns(string mode, string columns, bool fails)
    {
        await using var project = await BuildHarness.CreateAsync(postgres, Files($"unique_key: 'id', on_schema_change: '{mode}'", "*"));
        await SeedSourceAsync(project);
        var first = await project.BuildAsync();
        Assert.False(first.Failed, first.Problems());

        await project.ExecuteAsync("alter table app.items add column extra text; alter table app.items drop column value; insert into app.items values (5, 'c', 9, 'x')");
        var second = await project.BuildAsync();
        Assert.Equal(fails, second.Failed);
        if (fails)
        {
            Assert.Contains("on_schema_change is 'fail'", second.Result("items_inc").Message, StringComparison.Ordinal);
            Assert.Contains("added extra", second.Result("items_inc").Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(4, await project.ScalarAsync("select count(*) from analytics.items_inc"));
        }

        Assert.Equal(columns.Split(','), await project.RowsAsync("select column_name from information_schema.columns where table_schema = 'analytics' and table_name = 'items_inc'"));
    }

    [Theory]
    [InlineData("merge")]
    [InlineData("delete+insert")]
    public async Task Incremental_predicates_limit_which_target_rows_are_replaced(string strategy)
    {
        // dbt's alias for the target; the predicate keeps part 'a' out of reach, so id 2's change does not land.
        var config = $"unique_key: 'id', incremental_strategy: '{strategy}', incremental_predicates: [\"DBT_INTERNAL_DEST.part <> 'a'\"]";
        await using var project = await BuildHarness.CreateAsync(postgres, Files(config));
        await SeedSourceAsync(project);
        Assert.False((await project.BuildAsync()).Failed);

        await project.ExecuteAsync("update app.items set value = 'TWO', updated_at = 2 where id = 2; update app.items set value = 'THREE', updated_at = 2 where id = 3");
        var second = await project.BuildAsync();
        Assert.False(second.Failed, second.Problems());

        // merge: id 2 is not matched and goes in as a second row; delete+insert: id 2's old row is not deleted. Either way part 'b' is replaced.
        Assert.Equal(["1|a|one|1", "2|a|TWO|2", "2|a|two|1", "3|b|THREE|2"], await project.RowsAsync("select id, part, value, updated_at from analytics.items_inc order by id, value"));
    }

    [Theory]
    [InlineData("merge_update_columns: ['updated_at']")]
    [InlineData("merge_exclude_columns: ['value']")]
    public async Task Merge_columns_leave_the_other_columns_of_matched_rows_as_they_were(string columns)
    {
        await using var project = await BuildHarness.CreateAsync(postgres, Files($"unique_key: 'id', incremental_strategy: 'merge', {columns}"));
        await SeedSourceAsync(project);
        Assert.False((await project.BuildAsync()).Failed);

        await ChangeSourceAsync(project);
        var second = await project.BuildAsync();
        Assert.False(second.Failed, second.Problems());

        // id 2 keeps its old value but gets the new updated_at; the new row 4 is inserted whole.
        Assert.Equal(["1|a|one|1", "2|a|two|2", "3|b|three|1", "4|b|four|2"], await project.RowsAsync("select id, part, value, updated_at from analytics.items_inc order by id"));
    }

    [Fact]
    public async Task Merge_update_and_exclude_columns_together_are_refused_with_the_model_file()
    {
        var files = Files("unique_key: 'id'");
        files["models/items_inc.yml"] = "version: 2\nmodels:\n  - name: items_inc\n    config:\n      merge_update_columns: [value]\n      merge_exclude_columns: [part]\n";
        await using var project = await BuildHarness.CreateAsync(postgres, files);
        var error = await Assert.ThrowsAsync<Core.Diagnostics.ProjectException>(() => project.BuildAsync());
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Contains("both 'merge_update_columns' and 'merge_exclude_columns'", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("items_inc.yml(", diagnostic.Format(), StringComparison.Ordinal);
    }
}
