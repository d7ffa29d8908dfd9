using Engine.Core.Diagnostics;
using Engine.Warehouse.Postgres;
using Npgsql;

namespace Engine.Orchestration.State;

/// <summary>The run lock: at most one run of a project at a time, whichever process starts it.</summary>
public sealed partial class StateStore
{
    private const string LockKey = "hashtext('_engine run ' || @project)";

    /// <summary>
    /// Takes the project's run lock. When another run holds it, says so through <paramref name="waiting"/> and waits for
    /// it to end, or with <paramref name="wait"/> false fails at once with <see cref="ResourceBusyException"/>.
    /// </summary>
    public async Task<RunLease> AcquireRunLockAsync(string project, bool wait, Action<string> waiting, CancellationToken cancellationToken)
    {
        // Its own unpooled connection, held for the run: closing it is what releases the lock. It reads built-in types
        // only, so it skips Npgsql's type query (a data source of its own would load them again).
        var unpooled = new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false, ApplicationName = "engine run lock" };
        var connection = new NpgsqlConnection(PostgresConnectionString.WithoutTypeLoading(unpooled.ConnectionString));
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (var attempt = new NpgsqlCommand($"SELECT pg_try_advisory_lock({LockKey})", connection))
            {
                attempt.Parameters.AddWithValue("project", project);
                if ((bool)(await attempt.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
                {
                    return new RunLease(connection);
                }
            }

            var holder = await DescribeRunningAsync(connection, cancellationToken).ConfigureAwait(false);
            if (!wait)
            {
                throw new ResourceBusyException(DiagnosticCodes.RunInProgress,
                    $"another run of project '{project}' is in progress ({holder}); not waiting for it (--no-wait)");
            }

            waiting($"another run of project '{project}' is in progress ({holder}); waiting for it to finish");
            await using (var block = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", connection) { CommandTimeout = 0 })
            {
                block.Parameters.AddWithValue("project", project);
                await block.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return new RunLease(connection);
        }
        catch (NpgsqlException e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw Unreachable(e);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<string> DescribeRunningAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT 'run ' || id || ', ' || command || ', pid ' || pid || ' on ' || host FROM _engine.runs WHERE status = 'running' ORDER BY id DESC LIMIT 1", connection);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string ?? "starting";
    }
}
