using Engine.Runtime.Execution;
using Engine.TestSupport;
using Xunit;

namespace Engine.Runtime.Tests.Execution;

[Collection(PostgresCollection.Name)]
public sealed class MaterializationTests(PostgresFixture postgres)
{
    private static readonly Dictionary<string, string> Project = new()
    {
        ["models/numbers.sql"] = "{{ config { materialized: 'table' } }}\nselect n, n * 2 as doubled from generate_series(1, {{ var('n', 10) }}) as n",
        ["models/evens.sql"] = "{{ config { materialized: 'view' } }}\nselect n from {{ ref('numbers') }} where n % 2 = 0",
        ["models/big.sql"] = "{{ config { materialized: 'ephemeral' } }}\nselect n from {{ ref('numbers') }} where n > 5",
        ["models/big_evens.sql"] = "{{ config { materialized: 'materialized_view' } }}\nselect b.n from {{ ref('big') }} b join {{ ref('evens') }} e on e.n = b.n",
    };

    [Fact]
    public async Task Every_materialization_builds_then_rebuilds_then_full_refreshes()
    {
        await using var project = await BuildHarness.CreateAsync(postgres, Project);
        var first = await project.BuildAsync();
        Assert.False(first.Failed, first.Problems());
        Assert.Equal(10, await project.ScalarAsync("select count(*) from analytics.numbers"));
        Assert.Equal(5, await project.ScalarAsync("select count(*) from analytics.evens"));
        Assert.Equal(["10", "6", "8"], await project.RowsAsync("select n from analytics.big_evens"));
        Assert.Equal(0, await project.ScalarAsync("select count(*) from pg_class where relname = 'big'"));
        Assert.Equal("SELECT 10", first.Result("numbers").Response);

        // A rerun with more rows: the table is replaced, the view still reads it, the materialized view refreshes.
        project.Write("pipeline.yml", File.ReadAllText(Path.Combine(project.Root, "pipeline.yml")) + "\nvars:\n  n: 20\n");
        var second = await project.BuildAsync();
        Assert.False(second.Failed, second.Problems());
        Assert.Equal(20, await project.ScalarAsync("select count(*) from analytics.numbers"));
        Assert.Equal(10, await project.ScalarAsync("select count(*) from analytics.evens"));
        Assert.Equal(8, await project.ScalarAsync("select count(*) from analytics.big_evens"));
        Assert.StartsWith("refreshed", second.Result("big_evens").Message, StringComparison.Ordinal);

        var full = await project.BuildAsync(fullRefresh: true);
        Assert.False(full.Failed, full.Problems());
        Assert.StartsWith("created", full.Result("big_evens").Message, StringComparison.Ordinal);
        Assert.Equal(8, await project.ScalarAsync("select count(*) from analytics.big_evens"));
        Assert.Equal(0, await project.ScalarAsync("select count(*) from pg_class where relname like '%engine_tmp' or relname like '%engine_backup'"));
    }

    [Fact]
    public async Task An_edited_materialized_view_is_created_again_not_refreshed()
    {
        await using var project = await BuildHarness.CreateAsync(postgres, Project);
        var setup = await project.BuildAsync();
        Assert.False(setup.Failed, setup.Problems());
        project.Write("models/big_evens.sql", "{{ config { materialized: 'materialized_view' } }}\nselect b.n, 'x' as tag from {{ ref('big') }} b");
        var outcome = await project.BuildAsync();
        Assert.False(outcome.Failed, outcome.Problems());
        Assert.StartsWith("created", outcome.Result("big_evens").Message, StringComparison.Ordinal);
        Assert.Equal(5, await project.ScalarAsync("select count(*) from analytics.big_evens where tag = 'x'"));
    }

    [Fact]
    public async Task A_table_rebuild_keeps_views_that_read_it_even_when_they_are_not_selected()
    {
        await using var project = await BuildHarness.CreateAsync(postgres, Project);
        var setup = await project.BuildAsync();
        Assert.False(setup.Failed, setup.Problems());
        var outcome = await project.BuildAsync(select: ["numbers"]);
        Assert.False(outcome.Failed, outcome.Problems());
        Assert.Equal(5, await project.ScalarAsync("select count(*) from analytics.evens"));
        Assert.Equal(3, await project.ScalarAsync("select count(*) from analytics.big_evens"));
    }

    [Fact]
    public async Task Schemas_hooks_and_long_names_work()
    {
        var longName = "a_model_name_that_is_much_longer_than_postgres_allows_for_identifiers_x";
        await using var project = await BuildHarness.CreateAsync(postgres, new Dictionary<string, string>
        {
            [$"models/{longName}.sql"] = "{{ config { materialized: 'table', schema: 'elsewhere', post_hook: ['create table elsewhere.hook_ran as select count(*) as c from {{ this }}'] } }}\nselect 1 as one",
            [$"models/{longName}_y.sql"] = "{{ config { materialized: 'table', schema: 'elsewhere' } }}\nselect 2 as two",
        });
        var outcome = await project.BuildAsync();
        Assert.False(outcome.Failed, outcome.Problems());
        Assert.Equal(2, await project.ScalarAsync("select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'elsewhere' and c.relname like 'a_model_name%'"));
        Assert.Equal(1, await project.ScalarAsync("select c from elsewhere.hook_ran"));
    }

    [Fact]
    public async Task Hooks_are_templates_that_can_ref_models_and_see_is_incremental()
    {
        // The Strava fact table removes activities deleted at the source this way.
        var files = new Dictionary<string, string>
        {
            ["models/kept.sql"] = "{{ config { materialized: 'table' } }}\nselect n as id from generate_series(1, 5) as n",
            ["models/facts.sql"] = "{{ config { materialized: 'incremental', unique_key: 'id', post_hook: [\"delete from {{ this }} as f where not exists (select 1 from {{ ref('kept') }} k where k.id = f.id)\", \"create table if not exists public.hook_saw (incremental boolean)\", \"insert into public.hook_saw values ({{ is_incremental() }})\"] } }}\nselect id from {{ ref('kept') }}",
        };
        await using var project = await BuildHarness.CreateAsync(postgres, files);
        var first = await project.BuildAsync();
        Assert.False(first.Failed, first.Problems());
        Assert.Equal(5, await project.ScalarAsync("select count(*) from analytics.facts"));
        Assert.Equal(1, await project.ScalarAsync("select count(*) from public.hook_saw where not incremental"));

        project.Write("models/kept.sql", "{{ config { materialized: 'table' } }}\nselect n as id from generate_series(1, 5) as n where n <> 3");
        var second = await project.BuildAsync();
        Assert.False(second.Failed, second.Problems());
        Assert.Equal(0, await project.ScalarAsync("select count(*) from analytics.facts where id = 3"));
        Assert.Equal(4, await project.ScalarAsync("select count(*) from analytics.facts"));
        Assert.Equal(1, await project.ScalarAsync("select count(*) from public.hook_saw where incremental"));
    }

    [Fact]
    public async Task A_failing_statement_names_the_line_of_the_compiled_file()
    {
        await using var project = await BuildHarness.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["models/broken.sql"] = "{{ config { materialized: 'table' } }}\nselect 1 as a,\n  no_such_column as b\nfrom generate_series(1, 2)",
        });
        var outcome = await project.BuildAsync();
        var result = outcome.Result("broken");
        Assert.Equal(NodeStatus.Error, result.Status);
        Assert.Contains("target/compiled/models/broken.sql(3,3)", result.Message, StringComparison.Ordinal);
        Assert.Contains("no_such_column", result.Message, StringComparison.Ordinal);
    }
}
