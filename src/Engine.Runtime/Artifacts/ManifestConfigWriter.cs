using System.Collections.Immutable;
using System.Text.Json;
using Engine.Core.Graph;
using Engine.Core.Project;

namespace Engine.Runtime.Artifacts;

/// <summary>A node's <c>config</c> in dbt's shape: hooks as <c>{sql, transaction, index}</c>, tests with dbt's defaults.</summary>
public static class ManifestConfigWriter
{
    public static void Write(Utf8JsonWriter json, GraphNode node)
    {
        json.WriteStartObject("config");
        json.WriteBoolean("enabled", true);
        json.WriteString("materialized", node.Materialized);
        ArtifactJson.WriteMap(json, "meta", node.Config?.Meta ?? ImmutableDictionary<string, object?>.Empty);
        if (node.Config is { } config)
        {
            json.WriteStartObject("persist_docs");
            if (config.PersistDocsRelation is { } relation)
            {
                json.WriteBoolean("relation", relation);
            }

            if (config.PersistDocsColumns is { } columns)
            {
                json.WriteBoolean("columns", columns);
            }

            json.WriteEndObject();
            json.WriteStartObject("grants");
            foreach (var (privilege, grantees) in config.Grants.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                ArtifactJson.WriteStrings(json, privilege, grantees);
            }

            json.WriteEndObject();
            json.WriteString("schema", config.Schema);
            json.WriteString("alias", config.Alias);
            ArtifactJson.WriteStrings(json, "tags", config.Tags);
            if (config.UniqueKey.IsEmpty)
            {
                json.WriteNull("unique_key");
            }
            else
            {
                ArtifactJson.WriteStrings(json, "unique_key", config.UniqueKey);
            }

            json.WriteString("incremental_strategy", config.IncrementalStrategy);
            json.WriteString("on_schema_change", config.OnSchemaChange ?? "ignore");
            if (node.Type == ResourceType.Model)
            {
                json.WriteStartObject("contract");
                json.WriteBoolean("enforced", config.ContractEnforced == true);
                json.WriteBoolean("alias_types", true);
                json.WriteEndObject();
            }

            WriteHooks(json, "pre-hook", config.PreHook);
            WriteHooks(json, "post-hook", config.PostHook);
            if (node.Type == ResourceType.Snapshot)
            {
                json.WriteString("strategy", config.Strategy);
                json.WriteString("updated_at", config.UpdatedAt);
                ArtifactJson.WriteStrings(json, "check_cols", config.CheckCols);
                json.WriteString("hard_deletes", config.HardDeletes ?? "ignore");
            }

            json.WriteStartObject("column_types");
            foreach (var (column, type) in config.ColumnTypes.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                json.WriteString(column, type);
            }

            json.WriteEndObject();
        }

        if (node.TestConfig is { } test)
        {
            json.WriteString("severity", test.Severity.ToUpperInvariant());
            json.WriteString("warn_if", test.WarnIf);
            json.WriteString("error_if", test.ErrorIf);
            json.WriteString("fail_calc", "count(*)");
            json.WriteString("where", test.Where);
            if (test.Limit is { } limit)
            {
                json.WriteNumber("limit", limit);
            }
            else
            {
                json.WriteNull("limit");
            }

            json.WriteBoolean("store_failures", test.StoreFailures);
        }

        json.WriteEndObject();
    }

    /// <summary>dbt's default for a hook is to run in the transaction; <c>index</c> is its place in the declared order.</summary>
    private static void WriteHooks(Utf8JsonWriter json, string name, IEnumerable<string> hooks)
    {
        json.WriteStartArray(name);
        var index = 0;
        foreach (var sql in hooks)
        {
            json.WriteStartObject();
            json.WriteString("sql", sql);
            json.WriteBoolean("transaction", true);
            json.WriteNumber("index", index++);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
