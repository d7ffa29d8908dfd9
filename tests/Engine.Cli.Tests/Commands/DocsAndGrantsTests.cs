using Engine.Cli.Tests.Build;
using Engine.TestSupport;
using Npgsql;
using Xunit;

namespace Engine.Cli.Tests.Commands;

/// <summary><c>persist_docs</c>, <c>grants</c>, <c>meta</c> and column <c>tags</c> on the managed (real) PostgreSQL and in the manifest.</summary>
public sealed class DocsAndGrantsTests(ShowcaseHome home) : IClassFixture<ShowcaseHome>, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "engine-docs-" + Guid.NewGuid().ToString("N"));
    private readonly string _database = "docs_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _role = "reader_" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private async Task<List<string>> RowsAsync(string sql)
    {
        var instance = await home.Cluster.EnsureStartedAsync();
        await using var connection = new NpgsqlConnection(instance.ConnectionString(_database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
        }

        return rows;
    }

    [Fact]
    public async Task Descriptions_become_comments_grants_are_applied_after_each_build_and_meta_reaches_the_manifest()
    {
        Write("pipeline.yml", $"name: docs\ntarget: dev\ntargets:\n  dev: {{ type: postgres, database: {_database}, schema: d }}\n");
        Write("models/person.sql", "{{ config { materialized: 'table' } }}\nselect 1 as id, 'ann' as name\n");
        Write("models/person_view.sql", "select id from {{ ref('person') }}\n");
        Write("models/schema.yml", $$"""
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
            var result = EngineProcess.Run(_root, home.Environment, "build", "--project-dir", _root);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(["People, one row each; it's a test."], await RowsAsync("select obj_description('d.person'::regclass, 'pg_class')"));
            Assert.Equal(["The person's id."], await RowsAsync("select col_description('d.person'::regclass, 1)"));
            Assert.Equal([string.Empty], await RowsAsync("select coalesce(obj_description('d.person_view'::regclass, 'pg_class'), '')"));
            Assert.Equal(["True"], await RowsAsync($"select has_table_privilege('{_role}', 'd.person', 'select')"));
            Assert.Equal(["True"], await RowsAsync($"select has_table_privilege('{_role}', 'd.person_view', 'select')"));
            Assert.Equal(["False"], await RowsAsync($"select has_table_privilege('{_role}', 'd.person', 'insert')"));
        }

        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_root, "target", "manifest.json")));
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
