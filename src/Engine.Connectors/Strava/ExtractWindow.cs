using Engine.Connectors.Strava.Staging;

namespace Engine.Connectors.Strava;

/// <summary>
/// A range of start dates to page through newest first: <c>after</c> and <c>before</c> (exclusive, null for open).
/// </summary>
public sealed record ExtractWindow(DateTime? After, DateTime? Before)
{
    /// <summary>
    /// The windows of one athlete's run, in order. Incremental: <c>after = min(last_activity_date - lookback,
    /// partition start)</c>, <c>before = partition end</c>. An interrupted window comes first: merged with this run's
    /// when it had committed nothing, else resumed below its oldest committed page before this run's window.
    /// </summary>
    public static IReadOnlyList<ExtractWindow> Plan(ExtractRequest request, DateTime? lastActivityDate, ExtractCheckpoint? checkpoint, TimeSpan lookback)
    {
        if (request.FullRefresh)
        {
            return [new(request.PartitionStart, request.PartitionEnd)];
        }

        var incremental = lastActivityDate is { } last ? last - lookback : (DateTime?)null;
        var after = request.PartitionStart is { } start && incremental is { } inc ? Min(inc, start) : lastActivityDate is null ? request.PartitionStart : incremental;
        var window = new ExtractWindow(after, request.PartitionEnd);
        if (checkpoint is not { Complete: false } open)
        {
            return [window];
        }

        if (open.ResumeBefore is null || open.ResumeBefore == open.Before)
        {
            // Nothing of the interrupted window was committed: one window covering both.
            var mergedAfter = open.After is null || window.After is null ? (DateTime?)null : Min(open.After.Value, window.After.Value);
            var mergedBefore = open.Before is null || window.Before is null ? null : Max(open.Before.Value, window.Before.Value);
            return [new(mergedAfter, (DateTime?)mergedBefore)];
        }

        return [new(open.After, open.ResumeBefore), window];
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static DateTime? Max(DateTime a, DateTime b) => a > b ? a : b;
}
