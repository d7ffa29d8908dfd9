using Npgsql;
using NpgsqlTypes;

namespace Engine.Connectors.Strava.Webhooks;

/// <summary>
/// The received events, durable in the staging database (<c>_engine.strava_webhook_events</c>) before the receiver
/// acknowledges them, so an event survives a receiver killed before applying it. A repeated delivery of the same event
/// is stored once; <see cref="PendingAsync"/> returns events oldest <c>event_time</c> first.
/// </summary>
public static class WebhookQueue
{
    public const string CreateSql = """
        CREATE SCHEMA IF NOT EXISTS _engine;
        CREATE TABLE IF NOT EXISTS _engine.strava_webhook_events (
            id bigserial PRIMARY KEY,
            object_type text NOT NULL,
            object_id bigint NOT NULL,
            aspect_type text NOT NULL,
            owner_id bigint NOT NULL,
            subscription_id bigint NOT NULL,
            event_time bigint NOT NULL,
            updates jsonb NOT NULL,
            received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
            applied_at timestamptz,
            outcome text,
            UNIQUE (object_type, object_id, aspect_type, event_time, updates)
        );
        CREATE TABLE IF NOT EXISTS _engine.strava_push_subscription (
            client_id text PRIMARY KEY,
            subscription_id bigint NOT NULL,
            callback_url text NOT NULL,
            created_at timestamptz NOT NULL
        );
        """;

    public static async Task EnsureAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(CreateSql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores an event (committed when this returns); false when the same event was stored before.</summary>
    public static async Task<bool> EnqueueAsync(NpgsqlConnection connection, WebhookEvent e, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO _engine.strava_webhook_events (object_type, object_id, aspect_type, owner_id, subscription_id, event_time, updates)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING
            """, connection);
        command.Parameters.AddWithValue(e.ObjectType);
        command.Parameters.AddWithValue(e.ObjectId);
        command.Parameters.AddWithValue(e.AspectType);
        command.Parameters.AddWithValue(e.OwnerId);
        command.Parameters.AddWithValue(e.SubscriptionId);
        command.Parameters.AddWithValue(e.EventTime);
        command.Parameters.Add(new NpgsqlParameter { Value = e.UpdatesJson, NpgsqlDbType = NpgsqlDbType.Jsonb });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public static async Task<IReadOnlyList<(long Id, WebhookEvent Event)>> PendingAsync(NpgsqlConnection connection, int limit, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT id, object_type, object_id, aspect_type, owner_id, subscription_id, event_time, updates::text
            FROM _engine.strava_webhook_events WHERE applied_at IS NULL ORDER BY event_time, id LIMIT $1
            """, connection);
        command.Parameters.AddWithValue(limit);
        var events = new List<(long, WebhookEvent)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add((reader.GetInt64(0), new WebhookEvent(reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetString(7))));
        }

        return events;
    }

    public static async Task MarkAppliedAsync(NpgsqlConnection connection, long id, string outcome, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("UPDATE _engine.strava_webhook_events SET applied_at = clock_timestamp(), outcome = $2 WHERE id = $1", connection);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(outcome);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The subscription <c>engine strava subscribe</c> created for this application, if any.</summary>
    public static async Task<long?> SubscriptionIdAsync(NpgsqlConnection connection, string clientId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT subscription_id FROM _engine.strava_push_subscription WHERE client_id = $1", connection);
        command.Parameters.AddWithValue(clientId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?;
    }

    public static async Task SaveSubscriptionAsync(NpgsqlConnection connection, string clientId, long? subscriptionId, string? callbackUrl, CancellationToken cancellationToken)
    {
        await using var command = subscriptionId is { } id
            ? new NpgsqlCommand("""
                INSERT INTO _engine.strava_push_subscription VALUES ($1, $2, $3, now())
                ON CONFLICT (client_id) DO UPDATE SET subscription_id = $2, callback_url = $3, created_at = now()
                """, connection)
            : new NpgsqlCommand("DELETE FROM _engine.strava_push_subscription WHERE client_id = $1", connection);
        command.Parameters.AddWithValue(clientId);
        if (subscriptionId is { } value)
        {
            command.Parameters.AddWithValue(value);
            command.Parameters.AddWithValue(callbackUrl ?? string.Empty);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
