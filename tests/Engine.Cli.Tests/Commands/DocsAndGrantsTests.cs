using Engine.Cli.Tests.Build;
using Npgsql;
using Xunit;

namespace Engine.Cli.Tests.Commands;

/// <summary><c>persist_docs</c>, <c>grants</c>, <c>meta</c> and column <c>tags</c> on the managed (real) PostgreSQL and in the manifest.</summary>
public sealed class DocsAndGrantsTests(ShowcaseHome home) : IClassFixture<ShowcaseHome>, IDisposable
{
    private readonly ScratchProject _project = new(home, "docs");
    private readonly string _role = "reader_" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => _project.Dispose();

    [Fact]
    public async Task Descriptions_become_comments_grants_are_applied_after_each_build_and_meta_reaches_the_manifest()
    {
        _project.Write("pipeline.yml", $"name: docs\ntarget: dev\ntargets:\n  dev: {{ type: postgres, database: {_project.Database}, schema: d }}\n");
        _project.Write("models/person.sql", "{{ config { materialized: 'table' } }}\nselect 1 as id, 'ann' as name\n");
        _project.Write("models/person_view.sql", "select id from {{ ref('person') }}\n");
        _project.Write("models/schema.yml", $$"""
            models:
              - name: person
                description: "People, one row each; it's a test."
                meta: {owner: analytics}
                config:
                  persist_docs: {relation: true, columns: true}
                  grants: {select: ['{{_role}}']}
                columns:
                  - name: id
                    description: The person's id.
                    tags: [key]
                    meta: {pii: false}
                  - name: gone
                    description: Documented but no longer selected.
              - name: person_view
                description: Not persisted.
                config:
                  grants: {select: ['{{_role}}']}
            """);

        // The role exists before the build grants to it (roles are cluster-wide).
        var instance = await home.Cluster.EnsureStartedAsync();
        await using (var admin = new NpgsqlConnection(instance.ConnectionString()))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"create role \"{_role}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        for (var build = 0; build < 2; build++)
        {
            var result = _project.Engine("build");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(["People, one row each; it's a test."], await _project.RowsAsync("select obj_description('d.person'::regclass, 'pg_class')"));
            Assert.Equal(["The person's id."], await _project.RowsAsync("select col_description('d.person'::regclass, 1)"));
            Assert.Equal([string.Empty], await _project.RowsAsync("select coalesce(obj_description('d.person_view'::regclass, 'pg_class'), '')"));
            Assert.Equal(["True"], await _project.RowsAsync($"select has_table_privilege('{_role}', 'd.person', 'select')"));
            Assert.Equal(["True"], await _project.RowsAsync($"select has_table_privilege('{_role}', 'd.person_view', 'select')"));
            Assert.Equal(["False"], await _project.RowsAsync($"select has_table_privilege('{_role}', 'd.person', 'insert')"));
        }

        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_project.Root, "target", "manifest.json")));
        var node = manifest.RootElement.GetProperty("nodes").GetProperty("model.docs.person");
        Assert.Equal("analytics", node.GetProperty("meta").GetProperty("owner").GetString());
        Assert.Equal("analytics", node.GetProperty("config").GetProperty("meta").GetProperty("owner").GetString());
        Assert.True(node.GetProperty("config").GetProperty("persist_docs").GetProperty("columns").GetBoolean());
        Assert.Equal(_role, node.GetProperty("config").GetProperty("grants").GetProperty("select")[0].GetString());
        var id = node.GetProperty("columns").GetProperty("id");
        Assert.Equal("key", id.GetProperty("tags")[0].GetString());
        Assert.False(id.GetProperty("meta").GetProperty("pii").GetBoolean());
    }
}
