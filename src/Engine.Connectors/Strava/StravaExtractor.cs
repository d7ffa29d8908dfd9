using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Engine.Connectors.Strava.Api;
using Engine.Connectors.Strava.Staging;
using Engine.Core.Diagnostics;
using Polly.Timeout;

namespace Engine.Connectors.Strava;

/// <summary>
/// Extracts every configured athlete's profile and activities into the staging database with the fewest requests
/// Strava allows: one token refresh, the profile only when the stored one is stale, then pages of 200 (a quiet day:
/// one short page, so one read per athlete). Up to <see cref="StravaExtractorOptions.MaxParallelAthletes"/> athletes
/// run at once, started least recently served first, each with its own staging connection: on a quiet day each
/// athlete is a few round trips of latency, which overlap, while the rate limit stays the application's (the budget is
/// reserved request by request, so athletes at once never overdraw it). Results are reported in the start order
/// whatever order athletes finish in. Each page is committed with its checkpoint; a stop (rate limit beyond the
/// allowed wait, Strava failing past the retries) keeps what was committed and the next run resumes. Once the rate
/// limit stops one athlete, the athletes not yet started are reported stopped with its reason; those in flight finish
/// or stop on their own.
/// </summary>
public sealed class StravaExtractor : IAsyncDisposable
{
    private readonly StravaExtractorOptions _options;
    private readonly IAsyncDisposable? _standIn;

    /// <param name="standIn">
    /// A local stand-in for Strava that the composition root started because no credentials are configured; stopped
    /// with the extractor. Null when the extractor talks to Strava itself.
    /// </param>
    public StravaExtractor(StravaExtractorOptions options, IAsyncDisposable? standIn = null)
    {
        _options = options;
        _standIn = standIn;
    }

    public Task<ExtractSummary> RunAsync(ExtractRequest request, IProgress<ExtractProgress>? progress, CancellationToken cancellationToken) =>
        StagingErrors.GuardAsync(_options.StagingConnectionString, "the Strava staging database", () => RunUnguardedAsync(request, progress, cancellationToken));

    private async Task<ExtractSummary> RunUnguardedAsync(ExtractRequest request, IProgress<ExtractProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        // The athlete whose flow a retry or wait notice comes from (athletes at once share the client).
        var current = new AsyncLocal<string?>();
        using var client = new StravaApiClient(new StravaClientOptions(_options.Credentials.BaseAddress, _options.Credentials.ClientId, _options.Credentials.ClientSecret)
        {
            RequestTimeout = _options.RequestTimeout,
            MaxRetries = _options.MaxRetries,
            RetryBaseDelay = _options.RetryBaseDelay,
            MaxRateLimitWait = _options.MaxRateLimitWait,
            WaitAsync = _options.WaitAsync,
            Notice = notice => progress?.Report(new ExtractProgress(current.Value ?? "-", 0, 0, null, null, notice)),
        });
        await using var staging = await StagingDatabase.OpenAsync(_options.StagingConnectionString, cancellationToken).ConfigureAwait(false);
        var configured = await AthletesAsync(request, cancellationToken).ConfigureAwait(false);
        await using var sessions = WorkerSessions.Open(staging, Workers(configured.Count) - 1, cancellationToken);
        var deauthorized = await staging.DeauthorizedAsync(cancellationToken).ConfigureAwait(false);
        var order = await staging.FairOrderAsync([.. configured.Keys.Where(n => !deauthorized.Contains(n))], cancellationToken).ConfigureAwait(false);
        var slots = new Slot[order.Count];
        var next = -1;
        string? rateLimited = null;
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // One worker per staging connection takes the next athlete in the fair order until none is left, so athletes
        // start in that order; the first works on the connection that holds the extract lock.
        async Task WorkAsync(int worker)
        {
            StagingDatabase? own = null;
            try
            {
                while (Interlocked.Increment(ref next) is var index && index < order.Count)
                {
                    var name = order[index];
                    if (Volatile.Read(ref rateLimited) is { } reason)
                    {
                        slots[index] = new Slot(new AthleteExtractResult(name, null, ExtractStatus.Stopped) { Reason = reason }, null);
                        continue;
                    }

                    var session = worker == 0 ? staging : own ??= await sessions.TakeAsync(worker - 1).ConfigureAwait(false);
                    slots[index] = await ExtractAthleteAsync(name, request, configured[name], client, session, progress, current, failed.Token).ConfigureAwait(false);
                    if (slots[index].Result is { Status: ExtractStatus.Stopped, Reason: { } stop } && slots[index].RateLimited)
                    {
                        Interlocked.CompareExchange(ref rateLimited, stop, null);
                    }
                }
            }
            catch
            {
                // A failure that is not an athlete's outcome (the staging database, a bug) ends the run: the others
                // stop at their next step with what they committed.
                await failed.CancelAsync().ConfigureAwait(false);
                throw;
            }
            finally
            {
                if (own is not null)
                {
                    await own.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        var workers = Enumerable.Range(0, Workers(order.Count)).Select(WorkAsync).ToArray();
        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        catch
        {
            // The worker that failed first, not the others' cancellation it caused.
            var cause = workers.Where(w => w.IsFaulted).Select(w => w.Exception!.InnerException!).FirstOrDefault(e => e is not OperationCanceledException)
                ?? workers.First(w => w.IsFaulted || w.IsCanceled).Exception?.InnerException;
            if (cause is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
            }

            throw;
        }

        var results = ImmutableArray.CreateBuilder<AthleteExtractResult>(slots.Length);
        results.AddRange(slots.Select(s => s.Result));
        List<(int Index, AthleteRun Run)> completed = [.. slots.Select((s, i) => (i, s.Completed)).Where(s => s.Completed is not null).Select(s => (s.i, s.Completed!))];
        if (_options.ReconcileEvery is { } every && rateLimited is null && !request.FullRefresh && request.From is null && request.To is null)
        {
            await ReconcileAsync(every, completed, results, client, staging, progress, cancellationToken).ConfigureAwait(false);
        }

        return new ExtractSummary(results.ToImmutable(), client.Requests, clock.Elapsed, _standIn is not null)
        {
            Reads = client.Reads,
            RemainingDaily = client.Budget.RemainingDaily,
        };
    }

    /// <summary>One athlete's extract on its staging connection, its outcome as a result (a rate-limit stop flagged).</summary>
    private async Task<Slot> ExtractAthleteAsync(
        string name, ExtractRequest request, string? configuredToken, StravaApiClient client, StagingDatabase staging,
        IProgress<ExtractProgress>? progress, AsyncLocal<string?> current, CancellationToken cancellationToken)
    {
        // Both set in this method's own flow: they follow the athlete's requests and never leak to another athlete's.
        current.Value = name;
        var tally = client.StartTally();
        var run = new AthleteRun(name, _options, client, staging, progress);
        AthleteExtractResult Result(ExtractStatus status) => run.Result(status, tally.Requests, tally.Reads);
        Slot slot;
        try
        {
            await run.ExecuteAsync(request, configuredToken, cancellationToken).ConfigureAwait(false);
            await staging.MarkCompletedAsync(name, cancellationToken).ConfigureAwait(false);
            slot = new Slot(Result(ExtractStatus.Complete), run);
        }
        catch (RateLimitStopException e)
        {
            slot = new Slot(Result(ExtractStatus.Stopped) with { Reason = e.Message + "; run again after the reset to resume" }, null) { RateLimited = true };
        }
        catch (StravaExtractException e)
        {
            slot = new Slot(Result(ExtractStatus.Failed) with { Reason = e.Message, Code = e.Code }, null);
        }
        catch (Exception e) when (e is TransientStravaException or HttpRequestException or TimeoutRejectedException or IOException or JsonException)
        {
            var reason = e is TimeoutRejectedException ? "Strava did not answer in time" : e.Message;
            slot = new Slot(Result(ExtractStatus.Stopped) with { Reason = $"{reason} (after {_options.MaxRetries} retries); run again to resume" }, null);
        }

        if (slot.Result.Reads > 0)
        {
            // Whatever the outcome, an athlete who used the budget goes to the back of the queue (FairOrderAsync).
            await staging.MarkServedAsync(name, cancellationToken).ConfigureAwait(false);
        }

        return slot;
    }

    /// <summary>An athlete's place in the results: its outcome, and its run when complete (for the reconciliation).</summary>
    private readonly record struct Slot(AthleteExtractResult Result, AthleteRun? Completed)
    {
        public bool RateLimited { get; init; }
    }

    /// <summary>
    /// After every athlete's extract, the reconciliations that are due, in the same order: the cheap daily extract of all
    /// athletes comes first, and a reconciliation stopped by the rate limit resumes on the next run without holding the
    /// extract back. A stop or failure is reported on the athlete's reconciliation; the extract itself stays complete.
    /// </summary>
    private async Task ReconcileAsync(
        TimeSpan every, List<(int Index, AthleteRun Run)> completed, ImmutableArray<AthleteExtractResult>.Builder results,
        StravaApiClient client, StagingDatabase staging, IProgress<ExtractProgress>? progress, CancellationToken cancellationToken)
    {
        string? stopped = null;
        foreach (var (index, run) in completed)
        {
            if (run.Session is not { } session || run.AthleteId is not { } athleteId
                || !await staging.ReconcileDueAsync(athleteId, every, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            if (run.FirstLoad)
            {
                await staging.MarkReconciledAsync(athleteId, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var reconcile = new ReconcileRun(results[index].Athlete, athleteId, _options, client, staging, progress);
            if (stopped is not null)
            {
                results[index] = results[index] with { Reconcile = reconcile.Result(false, stopped) };
                continue;
            }

            ReconcileResult outcome;
            try
            {
                await reconcile.ExecuteAsync(session, cancellationToken).ConfigureAwait(false);
                outcome = reconcile.Result(true);
            }
            catch (RateLimitStopException e)
            {
                stopped = e.Message + "; the next run resumes it";
                outcome = reconcile.Result(false, stopped);
            }
            catch (Exception e) when (e is StravaExtractException or TransientStravaException or HttpRequestException or TimeoutRejectedException or IOException or JsonException)
            {
                outcome = reconcile.Result(false, (e is TimeoutRejectedException ? "Strava did not answer in time" : e.Message) + "; the next run resumes it");
            }

            results[index] = results[index] with { Reconcile = outcome };
        }
    }

    /// <summary>
    /// Applies the webhook events queued in the staging database (<see cref="Webhooks.WebhookApplier"/>). It holds the
    /// extract lock like an extract, so the two never write staging at once; events wait in the queue meanwhile.
    /// </summary>
    public Task<Webhooks.WebhookApplySummary> ApplyWebhookEventsAsync(CancellationToken cancellationToken) =>
        StagingErrors.GuardAsync(_options.StagingConnectionString, "the Strava staging database", async () =>
        {
            using var client = new StravaApiClient(new StravaClientOptions(_options.Credentials.BaseAddress, _options.Credentials.ClientId, _options.Credentials.ClientSecret)
            {
                RequestTimeout = _options.RequestTimeout,
                MaxRetries = _options.MaxRetries,
                RetryBaseDelay = _options.RetryBaseDelay,
                MaxRateLimitWait = _options.MaxRateLimitWait,
                WaitAsync = _options.WaitAsync,
            });
            await using var staging = await StagingDatabase.OpenAsync(_options.StagingConnectionString, cancellationToken).ConfigureAwait(false);
            return await new Webhooks.WebhookApplier(_options, client, staging).RunAsync(cancellationToken).ConfigureAwait(false);
        });

    /// <summary>The options the extractor was built with (the webhook commands use its credentials and staging database).</summary>
    public StravaExtractorOptions Options => _options;

    public async ValueTask DisposeAsync()
    {
        if (_standIn is not null)
        {
            await _standIn.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Workers for <paramref name="athletes"/>: at most the configured number, at least one.</summary>
    private int Workers(int athletes) => Math.Clamp(_options.MaxParallelAthletes, 1, Math.Max(athletes, 1));

    /// <summary>The athletes to extract: configured ones and those added with <c>engine auth strava</c>, or the one asked for.</summary>
    private async Task<IReadOnlyDictionary<string, string?>> AthletesAsync(ExtractRequest request, CancellationToken cancellationToken)
    {
        var configured = _options.Credentials.Athletes;
        var stored = await _options.Tokens.AthletesAsync(_options.Credentials.ClientId, cancellationToken).ConfigureAwait(false);
        var all = configured.Keys.Union(stored).ToDictionary(n => n, n => configured.TryGetValue(n, out var token) ? token : null, StringComparer.Ordinal);
        if (all.Count == 0)
        {
            throw new StravaExtractException(DiagnosticCodes.StravaCredentials,
                "no Strava athlete is configured: run 'engine auth strava' or set STRAVA__ATHLETES__<NAME>__REFRESH_TOKEN");
        }

        if (request.Athlete is not { } wanted)
        {
            return all;
        }

        var name = wanted.ToLowerInvariant();
        return all.TryGetValue(name, out var token)
            ? new Dictionary<string, string?> { [name] = token }
            : throw new StravaExtractException(DiagnosticCodes.StravaExtractOption,
                $"no athlete '{wanted}' is configured; known: {string.Join(", ", all.Keys.Order(StringComparer.Ordinal))}");
    }

    internal static string Epoch(DateTime instant) =>
        new DateTimeOffset(DateTime.SpecifyKind(instant, DateTimeKind.Utc)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
