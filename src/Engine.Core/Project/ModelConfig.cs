using System.Collections.Immutable;

namespace Engine.Core.Project;

/// <summary>
/// Configuration of a model, seed or snapshot. Every field is optional so that levels can be layered:
/// folder defaults in pipeline.yml, then the model's YAML, then the template's <c>config {...}</c>.
/// Tags and hooks accumulate across levels (as in dbt); every other key is overridden by the closer level.
/// </summary>
public sealed record ModelConfig
{
    public static ModelConfig Empty { get; } = new();

    public string? Materialized { get; init; }
    public string? Database { get; init; }
    public string? Schema { get; init; }
    public string? Alias { get; init; }
    public ImmutableArray<string> Tags { get; init; } = [];
    public ImmutableArray<string> UniqueKey { get; init; } = [];
    public string? IncrementalStrategy { get; init; }
    public string? OnSchemaChange { get; init; }

    /// <summary>dbt's <c>incremental_predicates</c>: SQL conditions added to a merge's ON and to delete+insert's DELETE, so they touch only part of the target (<c>DBT_INTERNAL_DEST</c>, <c>DBT_INTERNAL_SOURCE</c> name the two sides).</summary>
    public ImmutableArray<string> IncrementalPredicates { get; init; } = [];

    /// <summary>dbt's <c>merge_update_columns</c> and <c>merge_exclude_columns</c>: which columns a merge updates on matched rows (at most one of them is set).</summary>
    public ImmutableArray<string> MergeUpdateColumns { get; init; } = [];
    public ImmutableArray<string> MergeExcludeColumns { get; init; } = [];

    // Microbatch keys (dbt's): the column that places a row in time, the first batch, its size, and how many batches back an incremental run redoes.
    public string? EventTime { get; init; }
    public string? Begin { get; init; }
    public string? BatchSize { get; init; }
    public int? Lookback { get; init; }

    /// <summary>When the daemon builds the model by itself: <c>eager</c>, <c>on_cron</c> or <c>on_missing</c>; null never.</summary>
    public string? Automation { get; init; }

    /// <summary>The cron of <c>automation: {on_cron: ...}</c>; set exactly when <see cref="Automation"/> is <c>on_cron</c>.</summary>
    public AutomationCron? AutomationCron { get; init; }

    /// <summary>How stale the model may get (<c>freshness:</c>, dbt's keys plus <c>column</c>); null is never checked.</summary>
    public FreshnessPolicy? Freshness { get; init; }

    public bool? Enabled { get; init; }

    /// <summary><c>contract: {enforced: true}</c>: the columns and types the YAML declares are checked and built with.</summary>
    public bool? ContractEnforced { get; init; }

    /// <summary><c>persist_docs: {relation: true, columns: true}</c>: descriptions written as the warehouse's comments after each build.</summary>
    public bool? PersistDocsRelation { get; init; }
    public bool? PersistDocsColumns { get; init; }

    /// <summary><c>grants: {select: [role, ...]}</c>: privileges granted on the relation after each build.</summary>
    public ImmutableDictionary<string, ImmutableArray<string>> Grants { get; init; } = ImmutableDictionary<string, ImmutableArray<string>>.Empty;

    /// <summary><c>meta</c>: free-form values carried to the manifest, as dbt does.</summary>
    public ImmutableDictionary<string, object?> Meta { get; init; } = ImmutableDictionary<string, object?>.Empty;
    public ImmutableArray<string> PreHook { get; init; } = [];
    public ImmutableArray<string> PostHook { get; init; } = [];

    // Snapshot keys (models/snapshots/).
    public string? Strategy { get; init; }
    public string? UpdatedAt { get; init; }
    public ImmutableArray<string> CheckCols { get; init; } = [];
    public string? HardDeletes { get; init; }

    /// <summary>dbt's <c>snapshot_meta_column_names</c>: dbt's meta column key (<c>dbt_valid_from</c>, ...) to the name the snapshot uses.</summary>
    public ImmutableDictionary<string, string> SnapshotMetaColumnNames { get; init; } = ImmutableDictionary<string, string>.Empty;

    // Seed keys: declared column types override inference.
    public ImmutableDictionary<string, string> ColumnTypes { get; init; } = ImmutableDictionary<string, string>.Empty;

    public bool IsEnabled => Enabled ?? true;

    /// <summary>Layers <paramref name="closer"/> over this configuration.</summary>
    public ModelConfig Merge(ModelConfig closer) => new()
    {
        Materialized = closer.Materialized ?? Materialized,
        Database = closer.Database ?? Database,
        Schema = closer.Schema ?? Schema,
        Alias = closer.Alias ?? Alias,
        Tags = Union(Tags, closer.Tags),
        UniqueKey = closer.UniqueKey.IsDefaultOrEmpty ? UniqueKey : closer.UniqueKey,
        IncrementalStrategy = closer.IncrementalStrategy ?? IncrementalStrategy,
        OnSchemaChange = closer.OnSchemaChange ?? OnSchemaChange,
        IncrementalPredicates = closer.IncrementalPredicates.IsDefaultOrEmpty ? IncrementalPredicates : closer.IncrementalPredicates,
        MergeUpdateColumns = closer.MergeUpdateColumns.IsDefaultOrEmpty ? MergeUpdateColumns : closer.MergeUpdateColumns,
        MergeExcludeColumns = closer.MergeExcludeColumns.IsDefaultOrEmpty ? MergeExcludeColumns : closer.MergeExcludeColumns,
        EventTime = closer.EventTime ?? EventTime,
        Begin = closer.Begin ?? Begin,
        BatchSize = closer.BatchSize ?? BatchSize,
        Lookback = closer.Lookback ?? Lookback,
        Automation = closer.Automation ?? Automation,
        AutomationCron = closer.Automation is null ? AutomationCron : closer.AutomationCron,
        Freshness = closer.Freshness ?? Freshness,
        Enabled = closer.Enabled ?? Enabled,
        ContractEnforced = closer.ContractEnforced ?? ContractEnforced,
        PersistDocsRelation = closer.PersistDocsRelation ?? PersistDocsRelation,
        PersistDocsColumns = closer.PersistDocsColumns ?? PersistDocsColumns,
        Grants = Grants.SetItems(closer.Grants),
        Meta = Meta.SetItems(closer.Meta),
        PreHook = PreHook.AddRange(closer.PreHook),
        PostHook = PostHook.AddRange(closer.PostHook),
        Strategy = closer.Strategy ?? Strategy,
        UpdatedAt = closer.UpdatedAt ?? UpdatedAt,
        CheckCols = closer.CheckCols.IsDefaultOrEmpty ? CheckCols : closer.CheckCols,
        HardDeletes = closer.HardDeletes ?? HardDeletes,
        SnapshotMetaColumnNames = SnapshotMetaColumnNames.SetItems(closer.SnapshotMetaColumnNames),
        ColumnTypes = ColumnTypes.SetItems(closer.ColumnTypes),
    };

    private static ImmutableArray<string> Union(ImmutableArray<string> a, ImmutableArray<string> b) =>
        b.IsDefaultOrEmpty ? a : a.IsDefaultOrEmpty ? b : [.. a.Concat(b).Distinct(StringComparer.Ordinal)];

    public bool Equals(ModelConfig? other) =>
        other is not null
        && Materialized == other.Materialized && Database == other.Database && Schema == other.Schema
        && Alias == other.Alias && Tags.SequenceEqual(other.Tags) && UniqueKey.SequenceEqual(other.UniqueKey)
        && IncrementalStrategy == other.IncrementalStrategy && OnSchemaChange == other.OnSchemaChange
        && IncrementalPredicates.SequenceEqual(other.IncrementalPredicates) && MergeUpdateColumns.SequenceEqual(other.MergeUpdateColumns) && MergeExcludeColumns.SequenceEqual(other.MergeExcludeColumns)
        && EventTime == other.EventTime && Begin == other.Begin && BatchSize == other.BatchSize && Lookback == other.Lookback && Automation == other.Automation && AutomationCron?.Text == other.AutomationCron?.Text && AutomationCron?.TimeZone == other.AutomationCron?.TimeZone
        && (Freshness is null ? other.Freshness is null : Freshness.SameAs(other.Freshness))
        && Enabled == other.Enabled && ContractEnforced == other.ContractEnforced
        && PersistDocsRelation == other.PersistDocsRelation && PersistDocsColumns == other.PersistDocsColumns
        && Grants.Count == other.Grants.Count && Grants.All(kv => other.Grants.TryGetValue(kv.Key, out var g) && g.SequenceEqual(kv.Value))
        && Meta.Count == other.Meta.Count && Meta.Keys.All(other.Meta.ContainsKey) && PreHook.SequenceEqual(other.PreHook) && PostHook.SequenceEqual(other.PostHook)
        && Strategy == other.Strategy && UpdatedAt == other.UpdatedAt && CheckCols.SequenceEqual(other.CheckCols)
        && HardDeletes == other.HardDeletes
        && SnapshotMetaColumnNames.Count == other.SnapshotMetaColumnNames.Count && SnapshotMetaColumnNames.All(kv => other.SnapshotMetaColumnNames.TryGetValue(kv.Key, out var n) && n == kv.Value)
        && ColumnTypes.Count == other.ColumnTypes.Count
        && ColumnTypes.All(kv => other.ColumnTypes.TryGetValue(kv.Key, out var v) && v == kv.Value);

    public override int GetHashCode() => HashCode.Combine(Materialized, Schema, Alias, Tags.Length, UniqueKey.Length, Enabled);
}
