using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Project;

namespace Engine.Core.Loading;

/// <summary>Reads sources.yml, with the extraction, staging and CDC settings of each source (<see cref="SourceSettingsReader"/>).</summary>
public static class SourcesFileReader
{
    public const string FileName = "sources.yml";

    private static readonly string[] ConnectorKeys = ["extract", "staging", "cdc", "loader", "meta"];
    private static readonly string[] SourceKeys = ["name", "description", "database", "schema", "loaded_at_field", "freshness", "config", "tables", .. ConnectorKeys];
    private static readonly string[] TableKeys = ["name", "identifier", "description", "loaded_at_field", "freshness", "config", "columns", "tests", "data_tests", "primary_key", "meta"];

    // dbt's source configs this engine acts on: event_time filters the table to a microbatch model's window.
    private static readonly string[] ConfigKeys = ["event_time"];

    public static ImmutableArray<SourceDefinition> Read(string filePath, string text, IReadOnlySet<string> customTests, DiagnosticBag bag)
    {
        var root = YamlDocument.LoadMapping(filePath, text, bag);
        if (root is null)
        {
            return [];
        }

        var map = new YamlMap(root, filePath, bag, FileName, ["version", "sources"]);
        var result = ImmutableArray.CreateBuilder<SourceDefinition>();
        var names = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var node in map.Mappings("sources", "source"))
        {
            var s = new YamlMap(node, filePath, bag, "a source", SourceKeys);
            var name = s.RequiredString("name", "a source");
            if (name is null)
            {
                continue;
            }

            if (!names.TryAdd(name, s.Location))
            {
                bag.Error(DiagnosticCodes.DuplicateName, $"source '{name}' is declared twice (first at line {names[name].Line})", s.Location);
                continue;
            }

            var sourceEventTime = EventTime(s);
            var tables = ImmutableArray.CreateBuilder<SourceTableDefinition>();
            var tableNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (var tableNode in s.Mappings("tables", "table"))
            {
                var t = new YamlMap(tableNode, filePath, bag, $"a table of source '{name}'", TableKeys);
                var tableName = t.RequiredString("name", $"a table of source '{name}'");
                if (tableName is null)
                {
                    continue;
                }

                if (!tableNames.Add(tableName))
                {
                    bag.Error(DiagnosticCodes.DuplicateName, $"table '{tableName}' appears twice in source '{name}'", t.Location);
                    continue;
                }

                tables.Add(new SourceTableDefinition(name, tableName, t.String("identifier") ?? tableName, t.Location)
                {
                    Description = t.String("description"),
                    LoadedAtField = t.String("loaded_at_field"),
                    Freshness = FreshnessReader.ReadSource(t),
                    EventTime = EventTime(t) ?? sourceEventTime,
                    Columns = ColumnReader.Read(t, customTests, bag),
                    Tests = TestDeclarationReader.Read(t, null, customTests, bag),
                    PrimaryKey = t.StringList("primary_key"),
                    Meta = Meta(t),
                });
            }

            result.Add(new SourceDefinition(name, s.String("database"), s.String("schema") ?? name, tables.ToImmutable(), s.Location)
            {
                Description = s.String("description"),
                LoadedAtField = s.String("loaded_at_field"),
                Freshness = FreshnessReader.ReadSource(s),
                Extract = SourceSettingsReader.Extract(s, name),
                Staging = SourceSettingsReader.Staging(s, name),
                Cdc = SourceSettingsReader.Cdc(s, name, tables.Count),
                Loader = s.String("loader"),
                Meta = Meta(s),
            });
        }

        return result.ToImmutable();
    }

    private static string? EventTime(YamlMap owner) => owner.Map("config", "a source's config", ConfigKeys)?.String("event_time");

    private static ImmutableDictionary<string, object?> Meta(YamlMap map) =>
        map.Plain("meta") as ImmutableDictionary<string, object?> ?? ImmutableDictionary<string, object?>.Empty;
}
