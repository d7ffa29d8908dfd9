using Npgsql;

namespace Engine.Cli.Tests.Commands;

/// <summary>
/// An advisory lock the test holds on the warehouse; a model that takes it shared (<c>pg_advisory_xact_lock_shared</c>
/// of <see cref="Key"/>) stays in progress until the test opens the gate. The test decides when a run ends instead of a
/// sleep guessing how long the machine needs to start the other processes.
/// </summary>
public sealed class RunGate : IAsyncDisposable
{
    public const long Key = 4711;

    private readonly NpgsqlConnection _connection;
    private bool _open;

    private RunGate(NpgsqlConnection connection) => _connection = connection;

    /// <summary>Takes the lock on its own unpooled connection: closing it releases the lock even if the test fails first.</summary>
    public static async Task<RunGate> CloseAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({Key})", connection);
        await command.ExecuteNonQueryAsync();
        return new RunGate(connection);
    }

    /// <summary>Lets every run waiting at the gate go on.</summary>
    public async Task OpenAsync()
    {
        if (!_open)
        {
            await using var command = new NpgsqlCommand($"SELECT pg_advisory_unlock({Key})", _connection);
            await command.ExecuteNonQueryAsync();
            _open = true;
        }
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
