using System.Collections.Immutable;
using Engine.Core.Project;

namespace Engine.Core.Compilation;

/// <summary>What a compile needs besides the project: the target, its dialect, and the run's inputs.</summary>
public sealed record CompileOptions(TargetConfig Target, ISqlDialect Dialect)
{
    /// <summary>Values from <c>--vars</c>; they override pipeline.yml's <c>vars:</c>.</summary>
    public ImmutableDictionary<string, object?> Vars { get; init; } = ImmutableDictionary<string, object?>.Empty;

    public Func<string, string?> EnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    public DateTimeOffset RunStartedAt { get; init; } = DateTimeOffset.UtcNow;

    public bool FullRefresh { get; init; }

    /// <summary>The partition the run processes, or null outside a partitioned run.</summary>
    public RunPartition? Partition { get; init; }

    /// <summary>Whether a relation already exists in the warehouse; without one, <c>is_incremental()</c> is false.</summary>
    public Func<Relation, bool>? RelationExists { get; init; }

    /// <summary>
    /// <c>--defer</c>: relations of another environment (by unique id) that refs to those nodes resolve to instead of
    /// the target's own; empty without <c>--defer</c>.
    /// </summary>
    public ImmutableDictionary<string, Relation> Deferred { get; init; } = ImmutableDictionary<string, Relation>.Empty.WithComparers(StringComparer.Ordinal);
}
