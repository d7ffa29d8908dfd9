using Engine.Runtime.Artifacts;
using Engine.Runtime.Sessions;
using Engine.TestSupport;
using Xunit;

namespace Engine.Runtime.Tests.Sessions;

/// <summary>
/// <c>engine compile</c>'s shortcut (<see cref="CompileShortcut"/>): after an edit of model SQL bodies alone it must
/// leave target/ exactly as a full compile does (manifest.json but for its time and id, every compiled file and the
/// index of them); after any other change it must give way without writing anything.
/// </summary>
public sealed partial class PartialCompileTests
{
    [Fact]
    public void Shortcut_compiles_a_body_edit_as_a_full_compile_does()
    {
        PrimeShortcut();
        Write("models/marts/revenue.sql", "-- per country\nselect country, sum(amount) as revenue, count(*) as orders\nfrom {{ ref('orders') }}\ngroup by country\n");

        var result = CompileShortcut.TryRun(new SessionOptions(_root), TestWarehouses.Registry);

        Assert.NotNull(result);
        Assert.Equal((1, 1), (result.ModelsRead, result.Written));
        Assert.Equal(Models + 2, result.Files); // the models and the two tests; the seed has no compiled file
        var shortcut = TargetFiles();
        Assert.Contains("count(*) as orders", shortcut["target/compiled/models/marts/revenue.sql"]);
        Compile(partial: false);
        Assert.Equal(TargetFiles(), shortcut);
    }

    [Fact]
    public void Shortcut_with_nothing_changed_renews_the_manifest_metadata_only()
    {
        PrimeShortcut();
        var before = File.ReadAllText(ManifestPath);

        var result = CompileShortcut.TryRun(new SessionOptions(_root), TestWarehouses.Registry);

        Assert.NotNull(result);
        Assert.Equal((0, 0), (result.ModelsRead, result.Written));
        var after = File.ReadAllText(ManifestPath);
        Assert.NotEqual(before, after);
        Assert.Equal(Volatile().Replace(before, "-"), Volatile().Replace(after, "-"));
    }

    [Fact]
    public void Partial_compile_after_a_shortcut_copies_every_entry_but_the_edited_one()
    {
        PrimeShortcut();
        Write("models/staging/stg_customers.sql", "select id, upper(country) as country from {{ source('raw', 'customers') }}\n");
        Assert.NotNull(CompileShortcut.TryRun(new SessionOptions(_root), TestWarehouses.Registry));
        Settle();

        var next = AssertSameAsFullCompile();

        // The index moved with the spliced bytes: all but the edited entry are copied from the shortcut's manifest.
        Assert.Equal(ManifestEntries - 1, next.ManifestReused);
    }

    [Fact]
    public void Shortcut_edits_two_models_in_one_compile()
    {
        PrimeShortcut();
        Write("models/marts/top.sql", "select * from {{ ref('revenue') }} order by revenue desc limit 3\n");
        Write("models/staging/stg_orders.sql", "select id, customer_id, amount from {{ source('raw', 'orders') }} where amount is not null\n");

        var result = CompileShortcut.TryRun(new SessionOptions(_root), TestWarehouses.Registry);

        Assert.NotNull(result);
        Assert.Equal(2, result.Written);
        var shortcut = TargetFiles();
        Compile(partial: false);
        Assert.Equal(TargetFiles(), shortcut);
    }

    [Fact]
    public void Shortcut_reads_a_rewritten_file_and_renders_nothing_when_its_text_is_the_same()
    {
        PrimeShortcut();
        var path = Path.Combine(_root, "models", "marts", "top.sql");
        var text = File.ReadAllText(path);
        File.Delete(path);
        File.WriteAllText(path, text);

        var result = CompileShortcut.TryRun(new SessionOptions(_root), TestWarehouses.Registry);

        Assert.NotNull(result);
        Assert.Equal((0, 0), (result.ModelsRead, result.Written));
    }

    public static TheoryData<string, string> ChangesTheShortcutLeavesToTheFullCompile => new()
    {
        { "a ref added", "models/marts/top.sql|select * from {{ ref('revenue') }} cross join {{ ref('customers') }}\n" },
        { "a config call changed", "models/marts/revenue.sql|{{ config { alias: 'rev' } }}\nselect country, sum(amount) as revenue from {{ ref('orders') }} group by country\n" },
        { "an incremental model's body", "models/marts/orders.sql|{{ config { materialized: 'incremental', unique_key: 'id' } }}\nselect o.id from {{ ref('stg_orders') }} o\n" },
        { "a properties file", "models/staging/schema.yml|version: 2\nmodels:\n  - name: stg_orders\n    description: Orders\n" },
        { "a macro", "macros/money.sql|{{ func cents(column) }}({{ column }} / 1000.0){{ end }}\n" },
        { "pipeline.yml", "pipeline.yml|name: shop\ntargets:\n  dev:\n    type: postgres\n    schema: other\nmodels:\n  +materialized: view\n" },
        { "a model added", "models/marts/extra.sql|select 1 as one\n" },
        { "a template with an error", "models/marts/top.sql|select * from {{ ref('revenue' }}\n" },
        { "a template reading the clock", "models/marts/top.sql|select '{{ run_started_at }}' as at, * from {{ ref('revenue') }}\n" },
    };

    [Theory]
    [MemberData(nameof(ChangesTheShortcutLeavesToTheFullCompile))]
    public void Shortcut_gives_way_to_the_full_compile_without_writing(string change, string edit)
    {
        PrimeShortcut();
        var (file, text) = (edit[..edit.IndexOf('|')], edit[(edit.IndexOf('|') + 1)..]);
        Write(file, text);
        var before = TargetFiles();

        var result = CompileShortcut.TryRun(new SessionOptions(_root), TestWarehouses.Registry);

        Assert.True(result is null, $"{change}: the shortcut compiled it");
        Assert.Equal(before, TargetFiles());
    }

    [Fact]
    public void Shortcut_gives_way_when_target_was_written_by_something_else()
    {
        PrimeShortcut();
        File.Delete(Path.Combine(_root, "target", "compiled", "models", "marts", "top.sql"));
        Assert.Null(CompileShortcut.TryRun(new SessionOptions(_root), TestWarehouses.Registry));

        PrimeShortcut();
        File.AppendAllText(ManifestPath, "\n");
        Assert.Null(CompileShortcut.TryRun(new SessionOptions(_root), TestWarehouses.Registry));

        PrimeShortcut();
        Assert.Null(CompileShortcut.TryRun(new SessionOptions(_root) { Vars = "{min_amount: 7}" }, TestWarehouses.Registry));
        Assert.Null(CompileShortcut.TryRun(new SessionOptions(_root) { Select = ["top"] }, TestWarehouses.Registry));
    }

    [Fact]
    public void Shortcut_checks_the_environment_variables_templates_read()
    {
        Write("models/marts/top.sql", "select * from {{ ref('revenue') }} limit {{ env_var('ENGINE_TEST_SHORTCUT_LIMIT', '10') }}\n");
        PrimeShortcut();
        Assert.NotNull(CompileShortcut.TryRun(new SessionOptions(_root), TestWarehouses.Registry));
        Settle();

        Environment.SetEnvironmentVariable("ENGINE_TEST_SHORTCUT_LIMIT", "3");
        try
        {
            Assert.Null(CompileShortcut.TryRun(new SessionOptions(_root), TestWarehouses.Registry));
        }
        finally
        {
            Environment.SetEnvironmentVariable("ENGINE_TEST_SHORTCUT_LIMIT", null);
        }
    }

    private string ManifestPath => Path.Combine(_root, "target", "manifest.json");

    /// <summary>A whole-project compile as <c>engine compile</c> runs it, state saved, then settled so its stamps are trusted.</summary>
    private void PrimeShortcut()
    {
        CompileShortcut.Forget(_root);
        var session = ProjectSession.Open(new SessionOptions(_root) { PartialCompile = true }, TestWarehouses.Registry);
        var compiled = session.Compile(session.SelectNodes());
        var state = CompileShortcut.Prepare(session, compiled);
        var written = CompileArtifacts.Write(session, compiled);
        session.SaveCompileCache();
        CompileShortcut.Save(session, state, written);
        Assert.True(File.Exists(Path.Combine(_root, "target", CompileShortcutState.FileName)));
        Settle();
    }

    /// <summary>Every file under target/ but the caches, by path; the manifest without its time and invocation id.</summary>
    private SortedDictionary<string, string> TargetFiles()
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(Path.Combine(_root, "target"), "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(_root, path).Replace('\\', '/');
            if (!relative.StartsWith("target/partial_compile", StringComparison.Ordinal))
            {
                files[relative] = relative == "target/manifest.json" ? Volatile().Replace(File.ReadAllText(path), "-") : File.ReadAllText(path);
            }
        }

        return files;
    }
}
