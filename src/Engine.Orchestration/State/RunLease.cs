using Npgsql;

namespace Engine.Orchestration.State;

/// <summary>
/// The right to run the project, held as a PostgreSQL session advisory lock on a connection of its own (unpooled): it
/// ends when disposed, and also when the process dies, since the server drops the session with the socket, so a killed
/// run never blocks the next one.
/// </summary>
public sealed class RunLease(NpgsqlConnection connection) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
