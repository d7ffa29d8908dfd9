using System.Collections.Immutable;
using System.Globalization;
using Engine.Core.Graph;
using Engine.Core.Project;
using Engine.Orchestration.State;
using Engine.Runtime.Sessions;

namespace Engine.Orchestration.Freshness;

/// <summary>
/// Freshness of sources and models, at the injected clock's now, for <c>engine source freshness</c>,
/// <c>engine freshness</c>, <c>engine status</c> and the daemon's tick. A source table's data time is the newest
/// <c>loaded_at_field</c> (its own or its source's, as in dbt) under the <c>filter</c>; a model's is the newest value of
/// its freshness <c>column</c>, else its last successful build in the run history. Either is judged against the
/// thresholds by <see cref="FreshnessThresholds"/>.
/// </summary>
public static class FreshnessChecker
{
    /// <summary>The tables freshness applies to, with the policy and field that apply to each.</summary>
    public static ImmutableArray<(SourceTableDefinition Table, FreshnessPolicy Policy, string LoadedAtField)> Declared(ProjectDefinition definition) =>
        [.. definition.Sources.SelectMany(s => s.Tables.Select(t => (Table: t, Policy: t.Freshness ?? s.Freshness, Field: t.LoadedAtField ?? s.LoadedAtField)))
            .Where(x => x.Policy is not null && x.Field is not null && x.Policy.HasThresholds)
            .Select(x => (x.Table, x.Policy!, x.Field!))];

    /// <summary>The models (and snapshots) with a <c>freshness</c> config, in the graph's order; ephemeral models have no data of their own.</summary>
    public static ImmutableArray<GraphNode> DeclaredModels(ProjectGraph graph) =>
        [.. graph.TopologicalOrder().Select(id => graph[id])
            .Where(n => n.Type is ResourceType.Model or ResourceType.Snapshot && n.Relation is not null && !n.IsEphemeral && n.Config?.Freshness is { HasThresholds: true })];

    /// <summary>Source tables only (<c>engine source freshness</c>, dbt's sources.json).</summary>
    public static Task<ImmutableArray<FreshnessResult>> CheckSourcesAsync(ProjectSession session, TimeProvider clock, CancellationToken cancellationToken) =>
        CheckAsync(session, null, clock, includeModels: false, cancellationToken);

    /// <summary>Source tables, then models; a model without a column is judged on <paramref name="store"/>'s history (none: a runtime error).</summary>
    public static Task<ImmutableArray<FreshnessResult>> CheckAllAsync(ProjectSession session, StateStore? store, TimeProvider clock, CancellationToken cancellationToken) =>
        CheckAsync(session, store, clock, includeModels: true, cancellationToken);

    private static async Task<ImmutableArray<FreshnessResult>> CheckAsync(
        ProjectSession session, StateStore? store, TimeProvider clock, bool includeModels, CancellationToken cancellationToken)
    {
        var sources = Declared(session.Definition);
        var models = includeModels ? DeclaredModels(session.Parsed.Graph) : [];
        if (sources.IsEmpty && models.IsEmpty)
        {
            return [];
        }

        var dialect = session.Warehouses.DialectFor(session.Target);
        await using var queries = new NewestValueQueries(session, dialect);
        var results = ImmutableArray.CreateBuilder<FreshnessResult>();
        foreach (var (table, policy, field) in sources)
        {
            var id = NodeIds.Source(session.Definition.Config.Name, table.SourceName, table.Name);
            var relation = session.Parsed.Graph[id].Relation!;
            results.Add(await queries.JudgeAsync(id, relation, field, policy, clock, cancellationToken).ConfigureAwait(false));
        }

        if (models.IsEmpty)
        {
            return results.ToImmutable();
        }

        var lastSuccess = store is null ? null : await store.LastSuccessAsync(cancellationToken).ConfigureAwait(false);
        foreach (var model in models)
        {
            var policy = model.Config!.Freshness!;
            if (policy.Column is { } column)
            {
                results.Add(await queries.JudgeAsync(model.UniqueId, model.Relation!, column, policy, clock, cancellationToken).ConfigureAwait(false));
                continue;
            }

            var now = clock.GetUtcNow();
            var relation = model.Relation!.ToString();
            results.Add(lastSuccess is null
                ? new FreshnessResult(model.UniqueId, relation, policy, FreshnessStatus.RuntimeError, null, now) { Error = $"no run history: target '{session.Target.Name}' is not PostgreSQL, where the state store lives", StartedAt = now, CompletedAt = now }
                : lastSuccess.TryGetValue(model.UniqueId, out var built)
                    ? Judged(model.UniqueId, relation, policy, built, now) with { StartedAt = now, CompletedAt = now }
                    // Never built is as stale as data gets: past error_after (or warn_after when that is all it declares).
                    : new FreshnessResult(model.UniqueId, relation, policy, policy.ErrorAfter is null ? FreshnessStatus.Warn : FreshnessStatus.Error, null, now) { Error = "never built", StartedAt = now, CompletedAt = now });
        }

        return results.ToImmutable();
    }

    public static FreshnessResult Judged(string id, string relation, FreshnessPolicy policy, DateTimeOffset maxLoadedAt, DateTimeOffset now)
    {
        var (status, overdue) = FreshnessThresholds.Judge(policy, now - maxLoadedAt);
        return new FreshnessResult(id, relation, policy, status, maxLoadedAt, now) { Overdue = overdue };
    }

    /// <summary>The warehouse renders values as invariant text; a time without a zone is taken as UTC, as dbt does.</summary>
    internal static DateTimeOffset? Parse(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;
}
