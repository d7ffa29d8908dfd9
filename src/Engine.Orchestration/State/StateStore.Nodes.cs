using Engine.Runtime.Changes;
using Npgsql;

namespace Engine.Orchestration.State;

/// <summary>What each node was last built from (<c>_engine.node_states</c>), which lets a build skip what is up to date.</summary>
public sealed partial class StateStore : INodeStateStore
{
    public async Task<IReadOnlyDictionary<string, NodeState>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT unique_id, sql_checksum, inputs, data_version FROM _engine.node_states", connection);
        var states = new Dictionary<string, NodeState>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            states[reader.GetString(0)] = new NodeState(reader.GetString(1), reader.GetString(2), reader.GetString(3));
        }

        return states;
    }

    private const string Forget = "DELETE FROM _engine.node_states WHERE unique_id = @id";

    public string? ForgetStatement => InWarehouseDatabase ? Forget : null;

    public async Task ForgetAsync(string uniqueId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, Forget, p => p.AddWithValue("id", uniqueId), cancellationToken).ConfigureAwait(false);
    }

    public async Task SaveAsync(IReadOnlyDictionary<string, NodeState?> states, CancellationToken cancellationToken)
    {
        var saved = states.Where(s => s.Value is not null).ToList();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, """
            DELETE FROM _engine.node_states WHERE unique_id = ANY(@removed);
            INSERT INTO _engine.node_states (unique_id, sql_checksum, inputs, data_version, recorded_at)
            SELECT * FROM unnest(@ids, @checksums, @inputs, @versions) AS s, (SELECT @now::timestamptz) AS n
            ON CONFLICT (unique_id) DO UPDATE SET sql_checksum = EXCLUDED.sql_checksum, inputs = EXCLUDED.inputs,
                data_version = EXCLUDED.data_version, recorded_at = EXCLUDED.recorded_at
            """, p =>
        {
            p.AddWithValue("removed", states.Where(s => s.Value is null).Select(s => s.Key).ToArray());
            p.AddWithValue("ids", saved.Select(s => s.Key).ToArray());
            p.AddWithValue("checksums", saved.Select(s => s.Value!.SqlChecksum).ToArray());
            p.AddWithValue("inputs", saved.Select(s => s.Value!.Inputs).ToArray());
            p.AddWithValue("versions", saved.Select(s => s.Value!.DataVersion).ToArray());
            p.AddWithValue("now", Now);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<string, RecordedRowCount>> ReadRowCountsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT unique_id, data_version, rows FROM _engine.row_counts", connection);
        var counts = new Dictionary<string, RecordedRowCount>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[reader.GetString(0)] = new RecordedRowCount(reader.GetString(1), reader.GetInt64(2));
        }

        return counts;
    }

    public async Task SaveRowCountsAsync(IReadOnlyDictionary<string, RecordedRowCount> counts, CancellationToken cancellationToken)
    {
        if (counts.Count == 0)
        {
            return;
        }

        var saved = counts.ToList();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, """
            INSERT INTO _engine.row_counts (unique_id, data_version, rows, recorded_at)
            SELECT * FROM unnest(@ids, @versions, @rows) AS s, (SELECT @now::timestamptz) AS n
            ON CONFLICT (unique_id) DO UPDATE SET data_version = EXCLUDED.data_version, rows = EXCLUDED.rows, recorded_at = EXCLUDED.recorded_at
            """, p =>
        {
            p.AddWithValue("ids", saved.Select(c => c.Key).ToArray());
            p.AddWithValue("versions", saved.Select(c => c.Value.DataVersion).ToArray());
            p.AddWithValue("rows", saved.Select(c => c.Value.Rows).ToArray());
            p.AddWithValue("now", Now);
        }, cancellationToken).ConfigureAwait(false);
    }
}
