using Engine.Connectors.Strava.Api;
using Engine.Connectors.Strava.Auth;
using Engine.Connectors.Strava.Staging;
using Engine.Core.Diagnostics;

namespace Engine.Connectors.Strava;

/// <summary>One athlete's part of a run: token, profile, then the planned windows page by page.</summary>
internal sealed class AthleteRun(string name, StravaExtractorOptions options, StravaApiClient client, StagingDatabase staging, IProgress<ExtractProgress>? progress)
{
    private readonly HashSet<long> _seen = [];
    private long? _athleteId;
    private int _pages;
    private int _inserted;
    private int _updated;

    /// <summary>The athlete's session once authenticated, which a reconciliation after the extract reuses.</summary>
    public AthleteSession? Session { get; private set; }

    public long? AthleteId => _athleteId;

    /// <summary>
    /// Whether this run listed the athlete's whole history into an empty staging in one go: a reconciliation would list
    /// the same again and find nothing to delete or correct.
    /// </summary>
    public bool FirstLoad { get; private set; }

    public AthleteExtractResult Result(ExtractStatus status, int requests, int reads) => new(name, _athleteId, status)
    {
        Requests = requests,
        Reads = reads,
        Pages = _pages,
        Activities = _seen.Count,
        Inserted = _inserted,
        Updated = _updated,
    };

    public async Task ExecuteAsync(ExtractRequest request, string? configured, CancellationToken cancellationToken)
    {
        var session = Session = await AuthenticateAsync(name, configured, options, client, cancellationToken).ConfigureAwait(false);
        _athleteId = request.FullRefresh ? null : await staging.FreshProfileAsync(name, options.ProfileMaxAge, cancellationToken).ConfigureAwait(false);
        if (_athleteId is null)
        {
            var extractedAt = DateTime.UtcNow;
            using var profile = await client.GetJsonAsync("athlete", session, cancellationToken).ConfigureAwait(false);
            var athlete = StagedRecord.From(StagingTable.Athletes, profile.RootElement);
            _athleteId = athlete.Id;
            await staging.UpsertAthleteAsync(athlete, extractedAt, cancellationToken).ConfigureAwait(false);
            await staging.RememberAthleteAsync(name, athlete.Id, cancellationToken).ConfigureAwait(false);
            await staging.MarkProfileFetchedAsync(athlete.Id, cancellationToken).ConfigureAwait(false);
        }

        var athleteId = _athleteId.Value;
        var last = await staging.LastActivityDateAsync(athleteId, cancellationToken).ConfigureAwait(false);
        var checkpoint = await staging.CheckpointAsync(athleteId, cancellationToken).ConfigureAwait(false);
        FirstLoad = last is null && checkpoint is null && request is { FullRefresh: false, From: null, To: null };
        foreach (var window in ExtractWindow.Plan(request, last, checkpoint, options.Lookback))
        {
            await PageThroughAsync(session, athleteId, window, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Refreshes the athlete's access token and stores the rotated refresh token before anything uses the new
    /// access token: Strava has already invalidated the old one.
    /// </summary>
    internal static async Task<AthleteSession> AuthenticateAsync(
        string name, string? configured, StravaExtractorOptions options, StravaApiClient client, CancellationToken cancellationToken)
    {
        var clientId = options.Credentials.ClientId;
        var stored = await options.Tokens.GetAsync(clientId, name, cancellationToken).ConfigureAwait(false);
        var token = StoredToken.Choose(configured, stored)
            ?? throw new StravaExtractException(DiagnosticCodes.StravaCredentials,
                $"athlete '{name}' has no refresh token: run 'engine auth strava --athlete {name}' or set STRAVA__ATHLETES__{name.ToUpperInvariant()}__REFRESH_TOKEN");
        TokenGrant grant;
        try
        {
            grant = await client.RefreshAsync(name, token, cancellationToken).ConfigureAwait(false);
        }
        catch (StravaExtractException e) when (e.Code == DiagnosticCodes.StravaRefreshRejected && configured is not null && configured != token)
        {
            // The stored token was rejected (e.g. a sandbox restarted with its seed); the configured one may still work.
            grant = await client.RefreshAsync(name, configured, cancellationToken).ConfigureAwait(false);
        }

        await options.Tokens.SaveAsync(clientId, name, grant.RefreshToken, configured, cancellationToken).ConfigureAwait(false);
        var refreshToken = grant.RefreshToken;
        return new AthleteSession(name, grant.AccessToken, async ct =>
        {
            var renewed = await client.RefreshAsync(name, refreshToken, ct).ConfigureAwait(false);
            await options.Tokens.SaveAsync(clientId, name, renewed.RefreshToken, configured, ct).ConfigureAwait(false);
            refreshToken = renewed.RefreshToken;
            return renewed.AccessToken;
        });
    }

    /// <summary>
    /// Pages through a window, committing each page with its checkpoint in order. The next page is fetched and read
    /// while the current one is written (one page ahead, and only when the current page does not end the window, so
    /// the requests are those of a page-by-page run); a failure fetching it surfaces after the current page is
    /// committed, so a stop leaves exactly the pages a page-by-page run would have left.
    /// </summary>
    private async Task PageThroughAsync(AthleteSession session, long athleteId, ExtractWindow window, CancellationToken cancellationToken)
    {
        await staging.StartWindowAsync(athleteId, window.After, window.Before, cancellationToken).ConfigureAwait(false);
        var query = $"athlete/activities?per_page={options.PerPage}"
            + (window.After is { } after ? $"&after={StravaExtractor.Epoch(after)}" : string.Empty)
            + (window.Before is { } before ? $"&before={StravaExtractor.Epoch(before)}" : string.Empty);
        using var ahead = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<FetchedPage>? next = FetchAsync(query, 1, session, window, ahead.Token);
        for (var page = 1; next is not null; page++)
        {
            var fetched = await next.ConfigureAwait(false);
            next = null;
            if (fetched.Rows.Count == 0)
            {
                break;
            }

            if (!fetched.Last)
            {
                next = FetchAsync(query, page + 1, session, window, ahead.Token);
            }

            try
            {
                await CommitAsync(athleteId, fetched.Rows, cancellationToken).ConfigureAwait(false);
            }
            catch when (next is not null)
            {
                // The page fetched ahead is dropped unwritten, as a page-by-page run would never have asked for it.
                await ahead.CancelAsync().ConfigureAwait(false);
                await ((Task)next).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                throw;
            }

            progress?.Report(new ExtractProgress(name, _pages, _seen.Count, client.Budget.Remaining15Min, client.Budget.RemainingDaily));
        }

        await staging.CompleteWindowAsync(athleteId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One page of a window fetched and read into rows (on the thread pool, so it overlaps the previous page's write).</summary>
    private Task<FetchedPage> FetchAsync(string query, int page, AthleteSession session, ExtractWindow window, CancellationToken cancellationToken) =>
        Task.Run(async () =>
        {
            using var document = await client.GetJsonAsync($"{query}&page={page}", session, cancellationToken).ConfigureAwait(false);
            var items = document.RootElement;
            var rows = new List<StagedRecord>(items.GetArrayLength());
            foreach (var item in items.EnumerateArray())
            {
                rows.Add(StagedRecord.From(StagingTable.Activities, item));
            }

            return new FetchedPage(rows, EndsAtShortPage(window, rows.Count));
        }, cancellationToken);

    private async Task CommitAsync(long athleteId, List<StagedRecord> fetched, CancellationToken cancellationToken)
    {
        // An activity listed again on a later page (the listing shifted under an edit) is written once.
        var rows = fetched.FindAll(r => _seen.Add(r.Id));
        _pages++;
        if (rows.Count > 0)
        {
            // Resume below the oldest committed start. Two activities of one athlete starting in the same second
            // would be one lost on a resume; Strava refuses such uploads as duplicates, and the resumed window
            // then costs a single request when nothing is left.
            var resume = rows.Min(r => r.StartDate);
            var load = await staging.CommitPageAsync(athleteId, rows, resume, DateTime.UtcNow, cancellationToken).ConfigureAwait(false);
            _inserted += load.Inserted;
            _updated += load.Updated;
        }
    }

    /// <summary>
    /// Whether a page with fewer items than asked for ends a window. Strava's docs warn that a page may come back short
    /// even when it is not the last, and advise paging to an empty one; that costs a request per athlete on every quiet
    /// day, so a bounded window (an incremental run's <c>after</c>) stops at the short page. A listing of the whole
    /// history (a first load, a full refresh, a reconciliation) still goes to the empty page, and reconciliation's full
    /// listing catches whatever an early stop might have missed.
    /// </summary>
    private bool EndsAtShortPage(ExtractWindow window, int count) => count < options.PerPage && window.After is not null;

    /// <summary>A page's activities as read, before those already seen are dropped; <c>Last</c> when it ends its window.</summary>
    private readonly record struct FetchedPage(List<StagedRecord> Rows, bool Last);
}
