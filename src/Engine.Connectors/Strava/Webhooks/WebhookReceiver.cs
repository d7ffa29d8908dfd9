using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;

namespace Engine.Connectors.Strava.Webhooks;

/// <summary>
/// The callback Strava posts to, without the HTTP server around it (Engine.Web mounts it). It faces the internet, so
/// it trusts nothing posted: the validation GET must carry the configured verify token; a POST is read only up to
/// <see cref="MaxBodyBytes"/>, only so many are taken per second, and only an event of this application's
/// subscription is kept. A kept event is committed to the queue before the 200 goes back, so an acknowledged event is
/// never lost; applying it is the worker's job, after the answer (Strava allows 2 seconds).
/// </summary>
public sealed class WebhookReceiver
{
    /// <summary>Strava's events are about 250 bytes; anything much larger is not one.</summary>
    public const int MaxBodyBytes = 4096;

    private readonly string _connectionString;
    private readonly string _clientId;
    private readonly byte[] _verifyToken;
    private readonly int _maxPerSecond;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _window;
    private int _inWindow;
    private long? _subscriptionId;
    private long? _subscriptionReadAt;

    public WebhookReceiver(string stagingConnectionString, string clientId, string verifyToken, int maxEventsPerSecond = 50, TimeProvider? time = null)
    {
        if (string.IsNullOrEmpty(verifyToken))
        {
            throw new ArgumentException("a verify token is required", nameof(verifyToken));
        }

        _connectionString = stagingConnectionString;
        _clientId = clientId;
        _verifyToken = Encoding.UTF8.GetBytes(verifyToken);
        _maxPerSecond = maxEventsPerSecond;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Called after an event is committed to the queue (the worker wakes up on it).</summary>
    public event Action? Enqueued;

    /// <summary>Creates the queue's tables when missing.</summary>
    public async Task EnsureQueueAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await WebhookQueue.EnsureAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The subscription validation: 200 with the challenge echoed as JSON, or 403 for a wrong token or mode.</summary>
    public (int Status, string Json) Validate(string? mode, string? verifyToken, string? challenge)
    {
        if (mode != "subscribe" || string.IsNullOrEmpty(challenge) || challenge.Length > 256 || verifyToken is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(verifyToken), _verifyToken))
        {
            return (403, "{}");
        }

        return (200, new JsonObject { ["hub.challenge"] = challenge }.ToJsonString());
    }

    /// <summary>Takes one POSTed event: 200 once queued (or already queued), else 400, 403, 413 or 429.</summary>
    public async Task<int> ReceiveAsync(Stream body, long? contentLength, CancellationToken cancellationToken)
    {
        if (contentLength > MaxBodyBytes)
        {
            return 413;
        }

        if (!TakeRateSlot())
        {
            return 429;
        }

        var buffer = new byte[MaxBodyBytes + 1];
        var length = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
        {
            length += read;
            if (length > MaxBodyBytes)
            {
                return 413;
            }
        }

        if (WebhookEvent.TryParse(buffer.AsSpan(0, length)) is not { } e)
        {
            return 400;
        }

        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (!await IsOurSubscriptionAsync(connection, e.SubscriptionId, cancellationToken).ConfigureAwait(false))
        {
            return 403;
        }

        await WebhookQueue.EnqueueAsync(connection, e, cancellationToken).ConfigureAwait(false);
        Enqueued?.Invoke();
        return 200;
    }

    /// <summary>
    /// The subscription id is read from the staging database, again when an event names another one (the subscription
    /// may have been created since), but at most once a second, so forged ids cannot make every POST a query.
    /// </summary>
    private async Task<bool> IsOurSubscriptionAsync(NpgsqlConnection connection, long subscriptionId, CancellationToken cancellationToken)
    {
        long? known;
        bool reread;
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            known = _subscriptionId;
            reread = known != subscriptionId && (_subscriptionReadAt is not { } readAt || _time.GetElapsedTime(readAt, now) >= TimeSpan.FromSeconds(1));
            if (reread)
            {
                _subscriptionReadAt = now;
            }
        }

        if (reread)
        {
            known = await WebhookQueue.SubscriptionIdAsync(connection, _clientId, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                _subscriptionId = known;
            }
        }

        return known == subscriptionId;
    }

    private bool TakeRateSlot()
    {
        var second = _time.GetUtcNow().ToUnixTimeSeconds();
        lock (_gate)
        {
            if (second != _window)
            {
                (_window, _inWindow) = (second, 0);
            }

            return ++_inWindow <= _maxPerSecond;
        }
    }
}
