namespace Engine.Core.Project;

/// <summary>The materialization names a model's <c>materialized</c> config accepts.</summary>
public static class Materializations
{
    public const string View = "view";
    public const string Table = "table";
    public const string Incremental = "incremental";
    public const string Ephemeral = "ephemeral";
    public const string MaterializedView = "materialized_view";
    public const string Snapshot = "snapshot";
    public const string Seed = "seed";
    public const string Test = "test";

    public static IReadOnlyList<string> ForModels { get; } = [View, Table, Incremental, Ephemeral, MaterializedView];

    public static IReadOnlyList<string> IncrementalStrategies { get; } = ["merge", "delete+insert", "append", Microbatch];

    /// <summary>dbt's microbatch: the window [start, end) of <c>event_time</c> replaced atomically (delete+insert).</summary>
    public const string Microbatch = "microbatch";

    /// <summary>dbt's <c>batch_size</c> values for microbatch.</summary>
    public static IReadOnlyList<string> BatchSizes { get; } = ["hour", "day", "month", "year"];

    /// <summary>The <c>automation</c> policies: <c>eager</c> (a parent has new data), <c>on_cron</c>, <c>on_missing</c>.</summary>
    public static IReadOnlyList<string> Automations { get; } = ["eager", "on_cron", "on_missing"];

    public static IReadOnlyList<string> OnSchemaChange { get; } = ["ignore", "fail", "append_new_columns", "sync_all_columns"];

    public static IReadOnlyList<string> SnapshotStrategies { get; } = ["timestamp", "check"];

    public static IReadOnlyList<string> HardDeletes { get; } = ["ignore", "invalidate", "new_record"];
}
