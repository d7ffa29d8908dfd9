namespace Engine.Import.Dbt;

/// <summary>
/// Maps dbt's config keys (from dbt_project.yml, properties files and <c>config(...)</c> calls) onto the engine's:
/// the same name where the meaning is the same, a rename where dbt spells it differently, and a drop, with the reason,
/// for what the engine has no counterpart of. One place, so the three sources of config agree.
/// </summary>
public sealed class ConfigKeyMapper(string schemaPrefix)
{
    private static readonly HashSet<string> SameKeys = new(StringComparer.Ordinal)
    {
        "materialized", "database", "alias", "tags", "unique_key", "incremental_strategy", "on_schema_change", "enabled",
        "pre_hook", "post_hook", "strategy", "updated_at", "check_cols", "hard_deletes", "column_types",
    };

    private static readonly HashSet<string> Materializations = new(StringComparer.Ordinal)
    {
        "view", "table", "incremental", "ephemeral", "materialized_view", "snapshot", "seed",
    };

    /// <summary>
    /// What dbt's default generate_schema_name puts before a custom schema (<c>&lt;target schema&gt;_</c>); the engine uses
    /// a custom schema as written, so the import writes the name dbt would have built in. Empty when the project overrides
    /// generate_schema_name to use custom schemas as written.
    /// </summary>
    public string SchemaPrefix { get; } = schemaPrefix;

    public static bool IsConfigKey(string key) =>
        SameKeys.Contains(Normalize(key)) || Normalize(key) is "schema" or "target_schema" or "target_database" or "invalidate_hard_deletes"
            or "docs" or "persist_docs" or "meta" or "grants" or "contract" or "full_refresh" or "quoting" or "quote_columns"
            or "delimiter" or "sql_header" or "indexes" or "unlogged" or "access" or "group" or "sort" or "dist" or "event_time"
            or "snapshot_meta_column_names" or "dbt_valid_to_current" or "batch_size" or "lookback" or "begin" or "severity"
            or "store_failures" or "where" or "limit" or "warn_if" or "error_if" or "transient" or "copy_grants" or "cluster_by"
            or "partition_by" or "labels" or "on_configuration_change" or "enforced" or "language" or "packages" or "database_role";

    /// <param name="literal">The value when it is a literal (string, number, bool, list), else null.</param>
    public ConfigMapping Map(string key, object? literal)
    {
        var name = Normalize(key);
        switch (name)
        {
            case "materialized" when literal is string m && !Materializations.Contains(m):
                return ConfigMapping.Drop($"materialization '{m}' does not exist here (view, table, incremental, ephemeral, materialized_view)");
            case "incremental_strategy" when literal is string s && s is not ("merge" or "delete+insert" or "append"):
                return ConfigMapping.Drop($"incremental_strategy '{s}' does not exist here (merge, delete+insert, append)");
            case "schema" when literal is string schema:
                return ConfigMapping.Rewrite("schema", SchemaPrefix + schema);
            case "schema":
                return ConfigMapping.Keep("schema");
            case "target_schema":
                return ConfigMapping.Keep("schema");
            case "target_database":
                return ConfigMapping.Keep("database");
            case "invalidate_hard_deletes" when literal is true:
                return ConfigMapping.Rewrite("hard_deletes", "invalidate");
            case "invalidate_hard_deletes":
                return ConfigMapping.Drop("invalidate_hard_deletes is off; 'hard_deletes' defaults to ignore");
            case "pre_hook" or "post_hook":
                return ConfigMapping.Keep(name);
            default:
                return SameKeys.Contains(name)
                    ? ConfigMapping.Keep(name)
                    : ConfigMapping.Drop($"config '{key}' has no counterpart in the engine");
        }
    }

    private static string Normalize(string key) => key.TrimStart('+').Replace('-', '_');
}
