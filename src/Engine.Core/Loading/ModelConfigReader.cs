using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Project;

namespace Engine.Core.Loading;

/// <summary>Validates config keys and values, wherever they were written, into a <see cref="ModelConfig"/>.</summary>
public static class ModelConfigReader
{
    public static IReadOnlyList<string> KnownKeys { get; } =
    [
        "materialized", "database", "schema", "alias", "tags", "unique_key", "incremental_strategy",
        "on_schema_change", "enabled", "pre_hook", "post_hook", "pre-hook", "post-hook",
        "strategy", "updated_at", "check_cols", "hard_deletes", "column_types",
        "event_time", "begin", "batch_size", "lookback", "automation", "contract", "persist_docs", "grants", "meta",
        "freshness", "incremental_predicates", "merge_update_columns", "merge_exclude_columns",
        "snapshot_meta_column_names",
    ];

    /// <summary>The meta columns dbt lets a snapshot rename; this engine keeps no <c>dbt_updated_at</c> column (valid_from holds that value).</summary>
    public static IReadOnlyList<string> SnapshotMetaColumns { get; } = ["dbt_valid_from", "dbt_valid_to", "dbt_scd_id", "dbt_is_deleted"];

    public static ModelConfig Read(IEnumerable<ConfigEntry> entries, DiagnosticBag bag, string context)
    {
        var config = ModelConfig.Empty;
        foreach (var entry in entries)
        {
            config = Apply(config, entry, bag, context);
        }

        return config;
    }

    private static ModelConfig Apply(ModelConfig config, ConfigEntry e, DiagnosticBag bag, string context)
    {
        switch (e.Key)
        {
            case "materialized":
                return config with { Materialized = OneOf(e, [.. Materializations.ForModels, Materializations.Snapshot, Materializations.Seed], bag) };
            case "database":
                return config with { Database = Text(e, bag) };
            case "schema":
                return config with { Schema = Text(e, bag) };
            case "alias":
                return config with { Alias = Text(e, bag) };
            case "tags":
                return config with { Tags = List(e, bag) };
            case "unique_key":
                return config with { UniqueKey = List(e, bag) };
            case "incremental_strategy":
                return config with { IncrementalStrategy = OneOf(e, Materializations.IncrementalStrategies, bag) };
            case "incremental_predicates":
                return config with { IncrementalPredicates = List(e, bag) };
            case "merge_update_columns":
                return config with { MergeUpdateColumns = List(e, bag) };
            case "merge_exclude_columns":
                return config with { MergeExcludeColumns = List(e, bag) };
            case "snapshot_meta_column_names":
                return config with { SnapshotMetaColumnNames = MetaColumnNames(e, bag) };
            case "on_schema_change":
                return config with { OnSchemaChange = OneOf(e, Materializations.OnSchemaChange, bag) };
            case "enabled":
                if (e.Value is bool b)
                {
                    return config with { Enabled = b };
                }

                bag.Error(DiagnosticCodes.InvalidConfig, $"'enabled' must be true or false, not '{YamlPlain.Describe(e.Value)}'", e.Location);
                return config;
            case "pre_hook" or "pre-hook":
                return config with { PreHook = List(e, bag) };
            case "post_hook" or "post-hook":
                return config with { PostHook = List(e, bag) };
            case "strategy":
                return config with { Strategy = OneOf(e, Materializations.SnapshotStrategies, bag) };
            case "updated_at":
                return config with { UpdatedAt = Text(e, bag) };
            case "check_cols":
                return config with { CheckCols = List(e, bag) };
            case "hard_deletes":
                return config with { HardDeletes = OneOf(e, Materializations.HardDeletes, bag) };
            case "automation":
                return AutomationReader.Apply(config, e, bag);
            case "freshness":
                return config with { Freshness = FreshnessReader.ReadModel(e, bag) };
            case "event_time":
                return config with { EventTime = Text(e, bag) };
            case "begin":
                return config with { Begin = Text(e, bag) };
            case "batch_size":
                return config with { BatchSize = OneOf(e, Materializations.BatchSizes, bag) };
            case "lookback":
                if (e.Value is long n and >= 0 and <= 10_000)
                {
                    return config with { Lookback = (int)n };
                }

                bag.Error(DiagnosticCodes.InvalidConfig, $"'lookback' must be a whole number of batches (0 or more), not '{YamlPlain.Describe(e.Value)}'", e.Location);
                return config;
            case "column_types":
                return config with { ColumnTypes = ColumnTypes(e, bag) };
            case "persist_docs":
                if (e.Value is IReadOnlyDictionary<string, object?> docs && docs.Keys.All(k => k is "relation" or "columns") && docs.Values.All(v => v is bool))
                {
                    return config with { PersistDocsRelation = docs.GetValueOrDefault("relation") as bool?, PersistDocsColumns = docs.GetValueOrDefault("columns") as bool? };
                }

                bag.Error(DiagnosticCodes.InvalidConfig, $"'persist_docs' is written {{relation: true, columns: true}}, not '{YamlPlain.Describe(e.Value)}'", e.Location);
                return config;
            case "grants":
                if (e.Value is IReadOnlyDictionary<string, object?> grants)
                {
                    var builder = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
                    foreach (var (privilege, grantees) in grants)
                    {
                        builder[privilege] = List(new ConfigEntry($"grants.{privilege}", grantees, e.Location), bag);
                    }

                    return config with { Grants = builder.ToImmutable() };
                }

                bag.Error(DiagnosticCodes.InvalidConfig, $"'grants' maps a privilege to its grantees ({{select: [reporter]}}), not '{YamlPlain.Describe(e.Value)}'", e.Location);
                return config;
            case "meta":
                if (e.Value is IReadOnlyDictionary<string, object?> meta)
                {
                    return config with { Meta = meta.ToImmutableDictionary(StringComparer.Ordinal) };
                }

                bag.Error(DiagnosticCodes.InvalidConfig, $"'meta' must be a mapping, not '{YamlPlain.Describe(e.Value)}'", e.Location);
                return config;
            case "contract":
                if (e.Value is IReadOnlyDictionary<string, object?> contract && contract.Keys.All(k => k is "enforced" or "alias_types")
                    && contract.GetValueOrDefault("enforced") is bool enforced)
                {
                    return config with { ContractEnforced = enforced };
                }

                bag.Error(DiagnosticCodes.InvalidConfig, $"'contract' is written {{enforced: true}} (or false), not '{YamlPlain.Describe(e.Value)}'", e.Location);
                return config;
            default:
                bag.Error(DiagnosticCodes.UnknownKey, $"unknown config key '{e.Key}' in {context}{NameSuggester.DidYouMean(e.Key, KnownKeys)}", e.Location);
                return config;
        }
    }

    private static string? Text(ConfigEntry e, DiagnosticBag bag)
    {
        switch (e.Value)
        {
            case null:
                return null;
            case string or long or double or bool:
                return YamlPlain.Describe(e.Value);
            default:
                bag.Error(DiagnosticCodes.InvalidConfig, $"'{e.Key}' must be a single value", e.Location);
                return null;
        }
    }

    internal static string? OneOf(ConfigEntry e, IReadOnlyList<string> allowed, DiagnosticBag bag)
    {
        var value = Text(e, bag);
        if (value is null || allowed.Contains(value))
        {
            return value;
        }

        bag.Error(DiagnosticCodes.InvalidConfig,
            $"'{e.Key}' must be one of {string.Join(", ", allowed)}, not '{value}'{NameSuggester.DidYouMean(value, allowed)}", e.Location);
        return null;
    }

    private static ImmutableArray<string> List(ConfigEntry e, DiagnosticBag bag)
    {
        switch (e.Value)
        {
            case null:
                return [];
            case string or long or double or bool:
                return [YamlPlain.Describe(e.Value)];
            case IEnumerable<object?> items:
                var result = ImmutableArray.CreateBuilder<string>();
                foreach (var item in items)
                {
                    if (item is string or long or double or bool)
                    {
                        result.Add(YamlPlain.Describe(item));
                    }
                    else
                    {
                        bag.Error(DiagnosticCodes.InvalidConfig, $"items of '{e.Key}' must be single values", e.Location);
                    }
                }

                return result.ToImmutable();
            default:
                bag.Error(DiagnosticCodes.InvalidConfig, $"'{e.Key}' must be a value or a list of values", e.Location);
                return [];
        }
    }

    private static ImmutableDictionary<string, string> MetaColumnNames(ConfigEntry e, DiagnosticBag bag)
    {
        if (e.Value is not IReadOnlyDictionary<string, object?> map || !map.Values.All(v => v is string { Length: > 0 }))
        {
            bag.Error(DiagnosticCodes.InvalidConfig, "'snapshot_meta_column_names' maps dbt's meta columns to names ({dbt_valid_from: start_date}), each a column name", e.Location);
            return ImmutableDictionary<string, string>.Empty;
        }

        foreach (var key in map.Keys.Where(k => !SnapshotMetaColumns.Contains(k)))
        {
            var why = key == "dbt_updated_at" ? " (this engine's snapshots keep no updated-at column: valid_from holds that value)" : NameSuggester.DidYouMean(key, SnapshotMetaColumns);
            bag.Error(DiagnosticCodes.InvalidConfig, $"'snapshot_meta_column_names' cannot rename '{key}'; it renames {string.Join(", ", SnapshotMetaColumns)}{why}", e.Location);
        }

        var names = map.Where(kv => SnapshotMetaColumns.Contains(kv.Key)).ToImmutableDictionary(kv => kv.Key, kv => (string)kv.Value!, StringComparer.Ordinal);
        if (names.Values.Distinct(StringComparer.Ordinal).Count() < names.Count)
        {
            bag.Error(DiagnosticCodes.InvalidConfig, "'snapshot_meta_column_names' gives two meta columns the same name", e.Location);
        }

        return names;
    }

    private static ImmutableDictionary<string, string> ColumnTypes(ConfigEntry e, DiagnosticBag bag)
    {
        if (e.Value is IReadOnlyDictionary<string, object?> map && map.Values.All(v => v is string))
        {
            return map.ToImmutableDictionary(kv => kv.Key, kv => (string)kv.Value!, StringComparer.Ordinal);
        }

        bag.Error(DiagnosticCodes.InvalidConfig, "'column_types' must map column names to SQL types", e.Location);
        return ImmutableDictionary<string, string>.Empty;
    }
}
