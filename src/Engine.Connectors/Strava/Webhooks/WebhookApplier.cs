using Engine.Connectors.Cdc;
using Engine.Connectors.Strava.Api;
using Engine.Connectors.Strava.Staging;

namespace Engine.Connectors.Strava.Webhooks;

/// <summary>
/// Applies queued events oldest <c>event_time</c> first. An activity <c>create</c> or <c>update</c> fetches the activity
/// (<c>GET /activities/{id}</c> with its owner's token) and upserts what Strava answers now, so a duplicate, late or
/// reordered event still leaves the current state; a 404 (deleted, or made private since) deletes it. A <c>delete</c>
/// deletes the staged row. <c>authorized: false</c> forgets the athlete (<see cref="StagingDatabase.ForgetAthleteAsync"/>)
/// and their tokens. Nothing posted is ever written: events only name what to fetch or delete.
/// </summary>
internal sealed class WebhookApplier(StravaExtractorOptions options, StravaApiClient client, StagingDatabase staging)
{
    private readonly Dictionary<string, AthleteSession> _sessions = new(StringComparer.Ordinal);
    private int _upserted;
    private int _deleted;
    private int _deauthorized;

    public async Task<WebhookApplySummary> RunAsync(CancellationToken cancellationToken)
    {
        var events = 0;
        while (true)
        {
            var batch = await WebhookQueue.PendingAsync(staging.Connection, 100, cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                if (_upserted + _deleted + _deauthorized > 0)
                {
                    await PendingChanges.NotifyAsync(staging.Connection, cancellationToken).ConfigureAwait(false);
                }

                return new WebhookApplySummary(events, _upserted, _deleted, _deauthorized, client.Requests);
            }

            foreach (var (id, e) in batch)
            {
                var outcome = await ApplyAsync(e, cancellationToken).ConfigureAwait(false);
                await WebhookQueue.MarkAppliedAsync(staging.Connection, id, outcome, cancellationToken).ConfigureAwait(false);
                events++;
            }
        }
    }

    private async Task<string> ApplyAsync(WebhookEvent e, CancellationToken cancellationToken)
    {
        var name = await staging.AthleteNameAsync(e.OwnerId, cancellationToken).ConfigureAwait(false);
        if (e.IsDeauthorization)
        {
            var (activities, _) = await staging.ForgetAthleteAsync(e.OwnerId, name, cancellationToken).ConfigureAwait(false);
            if (name is not null)
            {
                await options.Tokens.RemoveAsync(options.Credentials.ClientId, name, cancellationToken).ConfigureAwait(false);
            }

            _deauthorized++;
            return $"athlete forgotten: {activities} activities deleted";
        }

        if (e.ObjectType != "activity")
        {
            // Events never carry data to write: the next extract fetches the profile marked changed.
            return await staging.MarkProfileChangedAsync(e.OwnerId, cancellationToken).ConfigureAwait(false)
                ? "profile marked changed"
                : "ignored: not an athlete of this application";
        }

        if (e.AspectType == "delete")
        {
            var deleted = await staging.DeleteActivityAsync(e.ObjectId, e.OwnerId, cancellationToken).ConfigureAwait(false);
            _deleted += deleted ? 1 : 0;
            return deleted ? "deleted" : "already absent";
        }

        var deauthorized = await staging.DeauthorizedAsync(cancellationToken).ConfigureAwait(false);
        if (name is null || deauthorized.Contains(name) || !options.Credentials.Athletes.ContainsKey(name)
            && !(await options.Tokens.AthletesAsync(options.Credentials.ClientId, cancellationToken).ConfigureAwait(false)).Contains(name))
        {
            return "ignored: not an athlete of this application";
        }

        var session = await SessionAsync(name, cancellationToken).ConfigureAwait(false);
        try
        {
            using var activity = await client.GetJsonAsync($"activities/{e.ObjectId}", session, cancellationToken).ConfigureAwait(false);
            var record = StagedRecord.From(StagingTable.Activities, activity.RootElement);
            if (JsonRead.Long(activity.RootElement, "athlete.id") is long owner && owner != e.OwnerId)
            {
                return "ignored: the activity is another athlete's";
            }

            await staging.UpsertActivityAsync(record, DateTime.UtcNow, cancellationToken).ConfigureAwait(false);
            _upserted++;
            return "fetched and upserted";
        }
        catch (StravaExtractException ex) when (ex.HttpStatus == 404)
        {
            var deleted = await staging.DeleteActivityAsync(e.ObjectId, e.OwnerId, cancellationToken).ConfigureAwait(false);
            _deleted += deleted ? 1 : 0;
            return "not found at the source: deleted";
        }
    }

    private async Task<AthleteSession> SessionAsync(string name, CancellationToken cancellationToken)
    {
        if (!_sessions.TryGetValue(name, out var session))
        {
            options.Credentials.Athletes.TryGetValue(name, out var configured);
            _sessions[name] = session = await AthleteRun.AuthenticateAsync(name, configured, options, client, cancellationToken).ConfigureAwait(false);
        }

        return session;
    }
}
