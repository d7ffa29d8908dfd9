using System.Collections;
using System.Text.Encodings.Web;
using System.Text.Json;
using Engine.Core.Compilation;
using Engine.Core.Project;

namespace Engine.Runtime.Artifacts;

/// <summary>Small writing helpers the artifact writers share.</summary>
public static class ArtifactJson
{
    /// <summary>
    /// Artifacts are files read by tools, not embedded in HTML: quotes stay <c>\"</c> rather than <c>\u0022</c>, so
    /// <c>relation_name</c> and compiled SQL read as dbt writes them.
    /// </summary>
    public static JavaScriptEncoder Encoder { get; } = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    public static void WriteEmptyObject(Utf8JsonWriter json, string name)
    {
        json.WriteStartObject(name);
        json.WriteEndObject();
    }

    /// <summary>
    /// The relation's full name as dbt-postgres writes it in artifacts: <c>"database"."schema"."name"</c>, the target's
    /// database when the relation names none. Not the dialect's <c>RelationName</c>: that one is for SQL text, where
    /// PostgreSQL leaves the database out because a query cannot cross databases.
    /// </summary>
    public static string RelationName(ISqlDialect dialect, Relation relation, string? targetDatabase)
    {
        var database = relation.Database ?? targetDatabase;
        var name = $"{dialect.QuoteIdentifier(relation.Schema)}.{dialect.QuoteIdentifier(relation.Identifier)}";
        return database is null ? name : $"{dialect.QuoteIdentifier(database)}.{name}";
    }

    /// <summary>A YAML value (scalar, list or mapping) as JSON, for test arguments and <c>meta</c>.</summary>
    public static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case string text:
                json.WriteStringValue(text);
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case int or long or double or decimal or float:
                json.WriteNumberValue(Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case IDictionary map:
                json.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    json.WritePropertyName(Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
                    WriteValue(json, entry.Value);
                }

                json.WriteEndObject();
                break;
            case IEnumerable items:
                json.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(json, item);
                }

                json.WriteEndArray();
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }

    public static void WriteMap(Utf8JsonWriter json, string name, IEnumerable<KeyValuePair<string, object?>> entries)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            json.WritePropertyName(key);
            WriteValue(json, value);
        }

        json.WriteEndObject();
    }

    /// <summary>dbt's freshness criteria object (<c>warn_after</c>, <c>error_after</c>, <c>filter</c>), as the manifest and sources.json write it.</summary>
    public static void WriteFreshness(Utf8JsonWriter json, string name, FreshnessPolicy freshness)
    {
        json.WriteStartObject(name);
        WriteThreshold(json, "warn_after", freshness.WarnAfter);
        WriteThreshold(json, "error_after", freshness.ErrorAfter);
        json.WriteString("filter", freshness.Filter);
        json.WriteEndObject();
    }

    private static void WriteThreshold(Utf8JsonWriter json, string name, FreshnessThreshold? threshold)
    {
        json.WriteStartObject(name);
        if (threshold is not null)
        {
            json.WriteNumber("count", threshold.Count);
            json.WriteString("period", threshold.Period);
        }
        else
        {
            json.WriteNull("count");
            json.WriteNull("period");
        }

        json.WriteEndObject();
    }
}
