using System.Diagnostics;
using System.Text.Json;
using Npgsql;

// The floor of bench/build: the compiled SQL of every view and table model in the manifest, in its
// (topological) order, each run once as CREATE VIEW / CREATE TABLE AS over one Npgsql connection.
// Usage: Floor <manifest.json> <connection string>; prints the seconds taken.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Floor <manifest.json> <connection string>");
    return 2;
}

using var manifest = JsonDocument.Parse(File.ReadAllText(args[0]));
var statements = new List<string>();
var schemas = new SortedSet<string>(StringComparer.Ordinal);
foreach (var node in manifest.RootElement.GetProperty("nodes").EnumerateObject().Select(p => p.Value))
{
    var materialized = node.GetProperty("config").GetProperty("materialized").GetString();
    if (node.GetProperty("resource_type").GetString() != "model" || !node.TryGetProperty("compiled_code", out var code))
    {
        continue;
    }

    var relation = node.GetProperty("relation_name").GetString();
    schemas.Add(node.GetProperty("schema").GetString()!);
    statements.Add(materialized == "view" ? $"create view {relation} as (\n{code.GetString()}\n)" : $"create table {relation} as (\n{code.GetString()}\n)");
}

var clock = Stopwatch.StartNew();
await using var connection = new NpgsqlConnection(args[1]);
await connection.OpenAsync();
foreach (var schema in schemas)
{
    await using var create = new NpgsqlCommand($"create schema if not exists \"{schema}\"", connection);
    await create.ExecuteNonQueryAsync();
}

foreach (var statement in statements)
{
    await using var command = new NpgsqlCommand(statement, connection) { CommandTimeout = 0 };
    await command.ExecuteNonQueryAsync();
}

Console.WriteLine($"{clock.Elapsed.TotalSeconds:F2} {statements.Count}");
return 0;
