using System.Text.RegularExpressions;
using Engine.Core.Compilation.Caching;
using Engine.Core.Loading;
using Engine.Runtime.Artifacts;
using Engine.Runtime.Sessions;
using Engine.TestSupport;
using Xunit;

namespace Engine.Runtime.Tests.Sessions;

/// <summary>
/// <c>engine compile</c> with target/partial_compile.bin: after each kind of edit, the compile that reuses the cache
/// must give what a compile of everything gives (every node's SQL and hooks, and manifest.json, byte for byte), and
/// must have reused what the edit could not affect.
/// </summary>
public sealed partial class PartialCompileTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "engine-partial-" + Guid.NewGuid().ToString("N"));

    public PartialCompileTests()
    {
        Write("pipeline.yml", """
            name: shop
            targets:
              dev:
                type: postgres
                schema: analytics
            vars:
              min_amount: 5
            models:
              +materialized: view
              marts:
                +materialized: table
            """);
        Write("sources.yml", """
            version: 2
            sources:
              - name: raw
                schema: raw
                tables:
                  - name: orders
                  - name: customers
            """);
        Write("macros/money.sql", "{{ func cents(column) }}({{ column }} / 100.0){{ end }}\n");
        Write("seeds/countries.csv", "code,name\nfr,France\nde,Germany\n");
        Write("models/staging/stg_orders.sql", "select id, customer_id, amount from {{ source('raw', 'orders') }}\n");
        Write("models/staging/stg_customers.sql", "select id, country from {{ source('raw', 'customers') }}\n");
        Write("models/staging/schema.yml", """
            version: 2
            models:
              - name: stg_orders
                columns:
                  - name: id
                    tests: [unique, not_null]
            """);
        Write("models/marts/orders.sql", """
            {{ config { materialized: 'incremental', unique_key: 'id' } }}
            select o.id, {{ cents 'o.amount' }} as amount, c.country
            from {{ ref('stg_orders') }} o
            join {{ ref('stg_customers') }} c on c.id = o.customer_id
            where o.amount > {{ var('min_amount') }}
            {{ if is_incremental() }}and o.id > (select max(id) from {{ this }}){{ end }}
            """);
        Write("models/marts/customers.sql", """
            select c.id, n.name as country
            from {{ ref('stg_customers') }} c
            join {{ ref('countries') }} n on n.code = c.country
            """);
        Write("models/marts/revenue.sql", "select country, sum(amount) as revenue from {{ ref('orders') }} group by country\n");
        Write("models/marts/top.sql", "select * from {{ ref('revenue') }} order by revenue desc limit 10\n");
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Model_sql_body_edit_renders_that_model_only()
    {
        Prime();
        Write("models/marts/revenue.sql", "select country, sum(amount) as revenue, count(*) as orders from {{ ref('orders') }} group by country\n");

        var partial = AssertSameAsFullCompile();

        Assert.Equal(Models - 1, partial.ParseHits);
        Assert.Equal(Renders - 1, partial.RenderHits);
    }

    [Fact]
    public void Ref_added_and_removed_follows_the_new_graph()
    {
        Prime();
        Write("models/marts/top.sql", "select r.*, c.id from {{ ref('revenue') }} r cross join {{ ref('customers') }} c\n");
        Write("models/marts/customers.sql", "select c.id, c.country from {{ ref('stg_customers') }} c\n");

        var partial = AssertSameAsFullCompile();

        Assert.Equal(Models - 2, partial.ParseHits);
        Assert.Equal(Renders - 2, partial.RenderHits);
    }

    [Fact]
    public void Config_in_sql_changes_the_model_and_every_model_that_refs_it()
    {
        Prime();
        Write("models/marts/revenue.sql", "{{ config { alias: 'revenue_by_country', schema: 'reporting' } }}\nselect country, sum(amount) as revenue from {{ ref('orders') }} group by country\n");

        var partial = AssertSameAsFullCompile();

        // revenue's own relation changed and top's ref to it: both rendered again.
        Assert.Equal(Models - 1, partial.ParseHits);
        Assert.Equal(Renders - 2, partial.RenderHits);
    }

    [Fact]
    public void Yaml_schema_file_edit_reaches_configs_and_tests()
    {
        Prime();
        Write("models/staging/schema.yml", """
            version: 2
            models:
              - name: stg_orders
                config:
                  alias: orders_clean
                columns:
                  - name: id
                    tests: [unique]
                  - name: amount
                    tests: [not_null]
              - name: stg_customers
                description: One row per customer
            """);

        var partial = AssertSameAsFullCompile();

        Assert.Equal(Models, partial.ParseHits);
        // stg_orders' relation changed, so did orders' ref to it.
        Assert.Equal(Renders - 2, partial.RenderHits);
    }

    [Fact]
    public void Macro_edit_compiles_everything()
    {
        Prime();
        Write("macros/money.sql", "{{ func cents(column) }}round({{ column }} / 100.0, 2){{ end }}\n");

        var partial = AssertSameAsFullCompile();

        Assert.Equal(0, partial.ParseHits);
        Assert.Equal(0, partial.RenderHits);
    }

    [Fact]
    public void Var_edit_in_pipeline_yml_compiles_everything()
    {
        Prime();
        Write("pipeline.yml", File.ReadAllText(Path.Combine(_root, "pipeline.yml")).Replace("min_amount: 5", "min_amount: 50", StringComparison.Ordinal));

        var partial = AssertSameAsFullCompile();

        Assert.Equal(0, partial.RenderHits);
        Assert.Contains("o.amount > 50", Compile(partial: false).Sql["model.shop.orders"], StringComparison.Ordinal);
    }

    [Fact]
    public void Var_from_the_command_line_is_part_of_the_key()
    {
        Prime();

        var partial = AssertSameAsFullCompile(vars: "{min_amount: 7}");

        Assert.Equal(0, partial.RenderHits);
    }

    [Fact]
    public void Deleted_file_leaves_the_graph_and_the_cache()
    {
        Prime();
        File.Delete(Path.Combine(_root, "models/marts/top.sql"));

        var partial = AssertSameAsFullCompile();

        Assert.Equal(Models - 1, partial.ParseHits);
        Assert.Equal(Renders - 1, partial.RenderHits);
        Assert.DoesNotContain("model.shop.top", partial.Sql.Keys);
    }

    [Fact]
    public void Added_file_is_parsed_and_rendered()
    {
        Prime();
        Write("models/marts/orders_by_day.sql", "select count(*) from {{ ref('orders') }}\n");

        var partial = AssertSameAsFullCompile();

        Assert.Equal(Models, partial.ParseHits);
        Assert.Equal(Renders, partial.RenderHits);
        Assert.Contains("model.shop.orders_by_day", partial.Sql.Keys);
    }

    [Fact]
    public void Seed_config_change_reaches_the_models_that_ref_it()
    {
        Prime();
        Write("seeds/schema.yml", """
            version: 2
            seeds:
              - name: countries
                config:
                  schema: reference
            """);

        var partial = AssertSameAsFullCompile();

        Assert.Equal(Models, partial.ParseHits);
        Assert.Equal(Renders - 1, partial.RenderHits);
        Assert.Contains("reference\".\"countries\"", partial.Sql["model.shop.customers"], StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_variable_read_by_a_template_is_part_of_the_key()
    {
        Write("models/marts/top.sql", "select * from {{ ref('revenue') }} limit {{ env_var('ENGINE_TEST_PARTIAL_TOP', '10') }}\n");
        Prime();
        Write(".env", "ENGINE_TEST_PARTIAL_TOP=3\n");

        var partial = AssertSameAsFullCompile();

        Assert.Equal(Renders - 1, partial.RenderHits);
        Assert.Contains("limit 3", partial.Sql["model.shop.top"], StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_cache_is_ignored_with_a_notice()
    {
        Prime();
        var cache = Path.Combine(_root, "target", CompileCache.FileName);
        var bytes = File.ReadAllBytes(cache);
        File.WriteAllBytes(cache, bytes[..(bytes.Length / 2)]);
        Write("models/marts/top.sql", "select * from {{ ref('revenue') }}\n");

        var partial = AssertSameAsFullCompile();

        Assert.NotNull(partial.Notice);
        Assert.Equal(0, partial.RenderHits);
        Assert.True(Compile(partial: true).RenderHits > 0, "the rewritten cache is used by the next compile");
    }

    [Fact]
    public void Cache_of_another_format_or_engine_is_not_used()
    {
        Prime();
        var cache = Path.Combine(_root, "target", CompileCache.FileName);
        using (var writer = new BinaryWriter(File.Create(cache)))
        {
            writer.Write("engine-partial-compile");
            writer.Write(999);
        }

        var partial = AssertSameAsFullCompile();

        Assert.NotNull(partial.Notice);
        Assert.Equal(0, partial.ParseHits);
    }

    [Fact]
    public void Yaml_description_edit_rewrites_that_manifest_entry_and_copies_the_others()
    {
        Prime();
        Write("models/staging/schema.yml", File.ReadAllText(Path.Combine(_root, "models/staging/schema.yml"))
            .Replace("  - name: stg_orders\n", "  - name: stg_orders\n    description: Orders as \"paid\"\n", StringComparison.Ordinal));

        var partial = AssertSameAsFullCompile();

        // An entry's key takes the whole properties file that describes it: stg_orders and the two tests declared there.
        Assert.Equal(ManifestEntries - 3, partial.ManifestReused);
        Assert.Contains("Orders as \\\"paid\\\"", partial.Manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void Column_rename_in_yaml_reaches_the_generic_tests_sql_and_entries()
    {
        Prime();
        Write("models/staging/schema.yml", File.ReadAllText(Path.Combine(_root, "models/staging/schema.yml"))
            .Replace("- name: id\n", "- name: order_id\n", StringComparison.Ordinal));

        var partial = AssertSameAsFullCompile();

        Assert.Contains("order_id", partial.Sql["test.shop.unique_stg_orders_order_id"], StringComparison.Ordinal);
        Assert.DoesNotContain(partial.Sql.Keys, id => id.EndsWith("_stg_orders_id", StringComparison.Ordinal));
        // The two tests are new nodes and stg_orders' columns changed; the other entries are copied.
        Assert.Equal(ManifestEntries - 3, partial.ManifestReused);
    }

    [Fact]
    public void Manifest_changed_since_the_last_compile_is_not_copied_from()
    {
        Prime();
        var manifest = Path.Combine(_root, "target", "manifest.json");
        // Same length, so every entry's place is unchanged: the file's modification time tells.
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"materialized\": \"view\"", "\"materialized\": \"VIEW\"", StringComparison.Ordinal));

        var partial = AssertSameAsFullCompile();

        Assert.DoesNotContain("\"VIEW\"", partial.Manifest, StringComparison.Ordinal);
        Assert.Equal(0, partial.ManifestReused);
        Compile(partial: true);
        Assert.Equal(ManifestEntries, Compile(partial: true).ManifestReused);
    }

    [Fact]
    public void Edit_keeping_size_and_modification_time_is_seen()
    {
        Prime();
        var path = Path.Combine(_root, "models/marts/revenue.sql");
        var modified = File.GetLastWriteTimeUtc(path);
        var before = File.ReadAllText(path);
        // The same length and, once its time is set back, the same modification time as stamped.
        Write("models/marts/revenue.sql", before.Replace("sum(amount)", "max(amount)", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(path, modified);

        var partial = AssertSameAsFullCompile();

        Assert.Contains("max(amount)", partial.Sql["model.shop.revenue"], StringComparison.Ordinal);
        Assert.Equal(Models - 1, partial.ParseHits);
    }

    [Fact]
    public void Files_with_settled_stamps_are_not_read_and_an_edit_that_restores_size_and_time_is_still_seen()
    {
        Prime();
        Settle();
        var settled = AssertSameAsFullCompile();
        Assert.Equal(Models, settled.FilesUnread);
        Assert.Equal(Models, settled.ParseHits);
        Assert.Equal(ManifestEntries, settled.ManifestReused);

        Compile(partial: true);
        Settle();
        var path = Path.Combine(_root, "models/marts/revenue.sql");
        var modified = File.GetLastWriteTimeUtc(path);
        Write("models/marts/revenue.sql", File.ReadAllText(path).Replace("sum(amount)", "min(amount)", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(path, modified);

        // Size and modification time are as stamped; the status-change time (which no program can set back) tells.
        var partial = AssertSameAsFullCompile();

        Assert.Contains("min(amount)", partial.Sql["model.shop.revenue"], StringComparison.Ordinal);
        Assert.Equal(Models - 1, partial.FilesUnread);
        Assert.Equal(Models - 1, partial.ParseHits);
    }

    [Fact]
    public void A_stamp_is_trusted_only_outside_the_racy_window_of_the_stamps_write()
    {
        const string relative = "models/marts/top.sql";
        var path = Path.Combine(_root, relative);
        var stamp = FileStamp.Of(path)!.Value;
        var stamps = Path.Combine(_root, "target", FileStamps.FileName);
        FileStamps.Write(stamps, [(relative, SourceText.Of(File.ReadAllText(path), stamp))]);
        var lastChange = DateTime.UnixEpoch.AddTicks(Math.Max(stamp.ModifiedNs, stamp.ChangedNs) / 100);

        // Written one second after the file's last change: a change in the same tick could still follow unseen.
        File.SetLastWriteTimeUtc(stamps, lastChange.AddSeconds(1));
        Assert.Null(FileStamps.Read(stamps).TryUnchanged(relative, path, stamp));

        File.SetLastWriteTimeUtc(stamps, lastChange.AddSeconds(3));
        var settled = FileStamps.Read(stamps);
        Assert.Equal(CompileCache.Hash(File.ReadAllText(path)), settled.TryUnchanged(relative, path, stamp)?.Hash);
        Assert.Null(settled.TryUnchanged(relative, path, stamp with { Size = stamp.Size + 1 }));
        Assert.Null(settled.TryUnchanged(relative, path, stamp with { ChangedNs = stamp.ChangedNs + 1 }));
        Assert.Null(settled.TryUnchanged(relative, path, stamp with { Inode = stamp.Inode + 1 }));
        Assert.Null(settled.TryUnchanged("models/marts/revenue.sql", path, stamp));
    }

    [Fact]
    public void Compile_without_the_cache_still_stamps_the_files_for_the_next_one()
    {
        Compile(partial: true, ignoreCache: true);
        Settle();

        var next = AssertSameAsFullCompile();

        Assert.Equal(Models, next.FilesUnread);
    }

    [Fact]
    public void Corrupt_file_stamps_mean_every_file_is_read()
    {
        Prime();
        var stamps = Path.Combine(_root, "target", FileStamps.FileName);
        File.WriteAllBytes(stamps, [.. File.ReadAllBytes(stamps).Take(40)]);
        Settle();
        Write("models/marts/top.sql", "select * from {{ ref('revenue') }} order by revenue limit 5\n");

        var partial = AssertSameAsFullCompile();

        Assert.Equal(0, partial.FilesUnread);
        Assert.Equal(Models - 1, partial.ParseHits);
    }

    /// <summary>
    /// Moves the stamps' files (the partial compile's and the shortcut's) into the future, as if the files had been
    /// written long before the last compile: their stamps leave the racy window and are trusted.
    /// </summary>
    private void Settle()
    {
        foreach (var name in (string[])[FileStamps.FileName, CompileShortcutState.FileName])
        {
            var path = Path.Combine(_root, "target", name);
            if (File.Exists(path))
            {
                File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(1));
            }
        }
    }

    /// <summary>Model files of the project before any edit.</summary>
    private const int Models = 6;

    /// <summary>Nodes rendered by the compile pass with a cacheable render: every model (tests are compiled, not cached).</summary>
    private const int Renders = 6;

    /// <summary>Entries of manifest.json's nodes: 6 models, the seed and the 2 tests.</summary>
    private const int ManifestEntries = 9;

    /// <summary>A first compile that fills the cache, then one that must reuse all of it.</summary>
    private void Prime(int entries = ManifestEntries)
    {
        Compile(partial: true);
        var unchanged = Compile(partial: true);
        Assert.Equal(Models, unchanged.ParseHits);
        Assert.Equal(Renders, unchanged.RenderHits);
        Assert.Equal(entries, unchanged.ManifestReused);
    }

    /// <summary>Compiles with the cache, then everything without it; asserts both give the same SQL and manifest.</summary>
    private Result AssertSameAsFullCompile(string? vars = null)
    {
        var partial = Compile(partial: true, vars);
        var full = Compile(partial: false, vars);
        Assert.Equal(full.Sql.Keys.Order(StringComparer.Ordinal), partial.Sql.Keys.Order(StringComparer.Ordinal));
        foreach (var (id, sql) in full.Sql)
        {
            Assert.True(sql == partial.Sql[id], $"{id}: partial compile gave\n{partial.Sql[id]}\nfull compile gave\n{sql}");
        }

        Assert.Equal(full.Manifest, partial.Manifest);
        return partial;
    }

    private Result Compile(bool partial, string? vars = null, bool ignoreCache = false)
    {
        var session = ProjectSession.Open(
            new SessionOptions(_root) { PartialCompile = partial, Vars = vars, IgnoreCompileCache = ignoreCache },
            TestWarehouses.Registry);
        var compiled = session.Compile(session.SelectNodes());
        var written = CompileArtifacts.Write(session, compiled);
        if (partial)
        {
            session.SaveCompileCache();
        }

        var manifest = Volatile().Replace(File.ReadAllText(Path.Combine(_root, "target", "manifest.json")), "\"$1\": \"-\"");
        var sql = compiled.Nodes.ToDictionary(
            n => n.Node.UniqueId,
            n => string.Join("\n-- hook\n", [n.Sql, .. n.PreHooks, .. n.PostHooks]) + "\n-- definition\n" + n.Definition,
            StringComparer.Ordinal);
        var cache = session.Parsed.Cache;
        return new Result(sql, manifest, cache?.ParseHits ?? 0, cache?.RenderHits ?? 0, cache?.Notice)
        {
            ManifestReused = written.ManifestEntriesReused,
            FilesUnread = session.Definition.ModelFilesUnread,
        };
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>What differs between any two compiles: when and by which invocation the manifest was written.</summary>
    [GeneratedRegex("\"(generated_at|invocation_id)\": ?\"[^\"]*\"")]
    private static partial Regex Volatile();

    private sealed record Result(IReadOnlyDictionary<string, string> Sql, string Manifest, int ParseHits, int RenderHits, string? Notice)
    {
        public int ManifestReused { get; init; }

        public int FilesUnread { get; init; }
    }
}
