using System.Collections.Immutable;
using System.Globalization;
using Engine.Core.Graph;
using Engine.Core.Project;
using Engine.Runtime.Sessions;
using Engine.Warehouse;

namespace Engine.Orchestration.Freshness;

/// <summary>
/// <c>engine source freshness</c>: for each source table with <c>freshness</c> and <c>loaded_at_field</c> (its own or
/// its source's, as in dbt), the newest value of that field (under the <c>filter</c>) against the thresholds, at the
/// injected clock's now.
/// </summary>
public static class SourceFreshnessChecker
{
    /// <summary>The tables freshness applies to, with the policy and field that apply to each.</summary>
    public static ImmutableArray<(SourceTableDefinition Table, FreshnessPolicy Policy, string LoadedAtField)> Declared(ProjectDefinition definition) =>
        [.. definition.Sources.SelectMany(s => s.Tables.Select(t => (Table: t, Policy: t.Freshness ?? s.Freshness, Field: t.LoadedAtField ?? s.LoadedAtField)))
            .Where(x => x.Policy is not null && x.Field is not null && (x.Policy.WarnAfter is not null || x.Policy.ErrorAfter is not null))
            .Select(x => (x.Table, x.Policy!, x.Field!))];

    public static async Task<ImmutableArray<SourceFreshnessResult>> CheckAsync(ProjectSession session, TimeProvider clock, CancellationToken cancellationToken)
    {
        var declared = Declared(session.Definition);
        if (declared.IsEmpty)
        {
            return [];
        }

        var dialect = session.Warehouses.DialectFor(session.Target);
        await using var warehouse = await session.Warehouse.ConnectAsync(session.Target, session.Environment, cancellationToken).ConfigureAwait(false);
        await using var connection = await warehouse.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        var results = ImmutableArray.CreateBuilder<SourceFreshnessResult>();
        foreach (var (table, policy, field) in declared)
        {
            var id = NodeIds.Source(session.Definition.Config.Name, table.SourceName, table.Name);
            var relation = session.Parsed.Graph[id].Relation!;
            var sql = $"select max({field}) from {dialect.RelationName(relation)}{(policy.Filter is { } filter ? $" where {filter}" : string.Empty)}";
            var started = clock.GetUtcNow();
            try
            {
                var rows = await connection.QueryAsync(sql, 1, cancellationToken).ConfigureAwait(false);
                var now = clock.GetUtcNow();
                var max = Parse(rows.Rows.FirstOrDefault() is { Length: > 0 } row ? row[0] : null);
                var result = max is null
                    ? new SourceFreshnessResult(id, relation.ToString(), policy, FreshnessStatus.RuntimeError, null, now) { Error = $"{field} has no value in {relation}" }
                    : Judged(id, relation.ToString(), policy, max.Value, now);
                results.Add(result with { StartedAt = started, CompletedAt = clock.GetUtcNow() });
            }
            catch (WarehouseStatementException e)
            {
                // dbt reports a failing freshness query as 'runtime error' for that source and goes on with the others.
                results.Add(new SourceFreshnessResult(id, relation.ToString(), policy, FreshnessStatus.RuntimeError, null, clock.GetUtcNow())
                {
                    Error = e.Message,
                    StartedAt = started,
                    CompletedAt = clock.GetUtcNow(),
                });
            }
        }

        return results.ToImmutable();
    }

    public static SourceFreshnessResult Judged(string id, string relation, FreshnessPolicy policy, DateTimeOffset maxLoadedAt, DateTimeOffset now)
    {
        var (status, overdue) = FreshnessThresholds.Judge(policy, now - maxLoadedAt);
        return new SourceFreshnessResult(id, relation, policy, status, maxLoadedAt, now) { Overdue = overdue };
    }

    /// <summary>The warehouse renders values as invariant text; a time without a zone is taken as UTC, as dbt does.</summary>
    private static DateTimeOffset? Parse(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;
}
