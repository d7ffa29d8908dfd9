using Engine.Connectors.Strava.Api;
using Engine.Connectors.Strava.Staging;

namespace Engine.Connectors.Strava;

/// <summary>
/// One athlete's reconciliation: the whole listing (summaries, pages of 200, to an empty page) compared with staging,
/// to find what polling a lookback window and the webhooks missed: activities deleted on Strava (deleted here, so CDC
/// carries the delete) and edits older than the lookback (upserted). Each request asks for the activities starting
/// before the oldest one listed so far, so a deletion on Strava during the listing cannot shift one out of sight, and
/// each page commits with its checkpoint, so a stop (the rate limit) resumes where it was on the next run.
/// </summary>
internal sealed class ReconcileRun(string name, long athleteId, StravaExtractorOptions options, StravaApiClient client, StagingDatabase staging, IProgress<ExtractProgress>? progress)
{
    private readonly int _readsBefore = client.Reads;
    private int _pages;
    private int _listed;
    private int _inserted;
    private int _updated;
    private int _deleted;

    public ReconcileResult Result(bool complete, string? reason = null) =>
        new(_pages, _listed, _inserted, _updated, _deleted, complete) { Reads = client.Reads - _readsBefore, Reason = reason };

    public async Task ExecuteAsync(AthleteSession session, CancellationToken cancellationToken)
    {
        var before = await staging.StartReconcileAsync(athleteId, DateTime.UtcNow, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var query = $"athlete/activities?per_page={options.PerPage}&page=1"
                + (before is { } b ? $"&before={StravaExtractor.Epoch(b)}" : string.Empty);
            List<StagedRecord> rows = [];
            using (var document = await client.GetJsonAsync(query, session, cancellationToken).ConfigureAwait(false))
            {
                foreach (var item in document.RootElement.EnumerateArray())
                {
                    rows.Add(StagedRecord.From(StagingTable.Activities, item));
                }
            }

            _pages++;
            if (rows.Count == 0 || rows.Min(r => r.StartDate) is not { } oldest)
            {
                _deleted = (await staging.FinishReconcileAsync(athleteId, cancellationToken).ConfigureAwait(false)).Count;
                return;
            }

            var load = await staging.CommitReconcilePageAsync(athleteId, rows, oldest, DateTime.UtcNow, cancellationToken).ConfigureAwait(false);
            (_listed, _inserted, _updated, before) = (_listed + rows.Count, _inserted + load.Inserted, _updated + load.Updated, oldest);
            progress?.Report(new ExtractProgress(name, _pages, _listed, client.Budget.Remaining15Min, client.Budget.RemainingDaily));
        }
    }
}
