using System.Collections.Immutable;

namespace Engine.Core.Graph.Selection;

/// <summary>Each node's status in a previous run's <c>run_results.json</c>; what <c>result:</c> selectors match on.</summary>
public sealed record PreviousResults(ImmutableDictionary<string, string> StatusByNode)
{
    /// <summary>dbt's status words, which <c>result:</c> accepts: models end success/error/skipped, tests pass/warn/fail/error/skipped.</summary>
    public static IReadOnlyList<string> Statuses { get; } = ["success", "error", "fail", "warn", "skipped", "pass"];

    /// <summary>What <c>engine retry</c> reruns, as dbt's retry does: what failed and what was skipped because of it.</summary>
    public static IReadOnlyList<string> Retryable { get; } = ["error", "fail", "skipped"];

    public bool Matches(string status, string uniqueId) => StatusByNode.GetValueOrDefault(uniqueId) == status;
}
