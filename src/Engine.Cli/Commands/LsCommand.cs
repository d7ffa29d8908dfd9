using System.CommandLine;
using System.Text.Json;
using Engine.Core.Graph;
using Engine.Core.Graph.Selection;
using Engine.Core.Project;

namespace Engine.Cli.Commands;

/// <summary><c>engine ls</c>: lists the selected nodes, one per line, as names, paths or JSON.</summary>
public static class LsCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = "How to print each node: name, path or json",
            DefaultValueFactory = _ => "name",
        };
        output.AcceptOnlyFromAmong("name", "path", "json");
        var command = new Command("ls", "List the project's nodes (models, snapshots, seeds, sources, tests) matching --select") { Aliases = { "list" } };
        command.Options.Add(GlobalOptions.Select);
        command.Options.Add(GlobalOptions.Exclude);
        command.Options.Add(GlobalOptions.State);
        command.Options.Add(output);
        CommandGuard.SetAction(command, (result, _) =>
        {
            var session = GlobalOptions.Open(result);
            var format = result.GetValue(output) ?? "name";
            var graph = session.Parsed.Graph;
            using var stdout = Console.OpenStandardOutput();
            using var writer = new StreamWriter(stdout) { AutoFlush = false };
            foreach (var id in session.SelectNodes())
            {
                writer.WriteLine(Format(graph[id], format));
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static string Format(GraphNode node, string format) => format switch
    {
        "path" => node.RelativePath,
        "json" => Json(node),
        _ => node.Type == ResourceType.Source ? $"source:{NodeSelector.DisplayName(node)}" : node.Name,
    };

    private static string Json(GraphNode node)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("name", node.Name);
            json.WriteString("resource_type", ResourceTypes.Name(node.Type));
            json.WriteString("unique_id", node.UniqueId);
            json.WriteString("original_file_path", node.RelativePath);
            if (node.Relation is { } relation)
            {
                json.WriteString("relation_name", relation.ToString());
            }

            json.WriteStartArray("fqn");
            foreach (var part in node.Fqn)
            {
                json.WriteStringValue(part);
            }

            json.WriteEndArray();
            json.WriteStartArray("tags");
            foreach (var tag in node.Tags)
            {
                json.WriteStringValue(tag);
            }

            json.WriteEndArray();
            json.WriteStartObject("config");
            json.WriteString("materialized", node.Materialized);
            json.WriteEndObject();
            json.WriteStartObject("depends_on");
            json.WriteStartArray("nodes");
            foreach (var parent in node.DependsOn)
            {
                json.WriteStringValue(parent);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
