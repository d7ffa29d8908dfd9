using System.Net.Sockets;
using Npgsql;

namespace Engine.Warehouse.Postgres;

/// <summary>
/// Maps what Npgsql and the server report onto the neutral <see cref="WarehouseErrorKind"/>s, with messages that name
/// what failed (host and port, database, user) and never a password.
/// </summary>
public static class PostgresErrors
{
    /// <summary>Whether <paramref name="error"/> means the connection is unusable, rather than one statement refused.</summary>
    public static bool IsConnectionFailure(Exception error) => error switch
    {
        PostgresException p => ConnectionKind(p.SqlState) is not null,
        NpgsqlException or SocketException or IOException or TimeoutException => true,
        _ => false,
    };

    /// <summary>A refused statement, or a broken connection, as the neutral exception the runtime handles.</summary>
    public static Exception Translate(NpgsqlException error, string sql, NpgsqlConnection connection, string? targetName = null) =>
        error is PostgresException p && ConnectionKind(p.SqlState) is null
            ? Statement(p, sql)
            : Connection(error, connection.ConnectionString, targetName);

    public static WarehouseStatementException Statement(PostgresException e, string sql)
    {
        // Npgsql redacts details unless asked; its placeholder sentence would only add noise.
        var message = e.MessageText + (e.Detail is { Length: > 0 } detail && !detail.StartsWith("Detail redacted", StringComparison.Ordinal) ? $" ({detail})" : string.Empty);
        return new WarehouseStatementException(message, sql, e.Position > 0 ? e.Position : null, e.SqlState, e, StatementKind(e));
    }

    /// <param name="targetName">The pipeline.yml target, or what else the connection is for ("staging database of source 'strava'").</param>
    public static WarehouseConnectionException Connection(Exception error, string connectionString, string? targetName = null)
    {
        var where = Describe(connectionString);
        var socket = Find<SocketException>(error);
        var (kind, what) = error switch
        {
            PostgresException p => (ConnectionKind(p.SqlState) ?? WarehouseErrorKind.ConnectionLost, $"{p.MessageText} ({p.SqlState})"),
            _ when socket is { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData } =>
                (WarehouseErrorKind.HostNotFound, "the host name could not be resolved"),
            _ when socket is { SocketErrorCode: SocketError.ConnectionRefused } =>
                (WarehouseErrorKind.ConnectionRefused, "the connection was refused (is the server running and listening there?)"),
            _ when Find<TimeoutException>(error) is not null => (WarehouseErrorKind.ConnectionLost, "the connection timed out"),
            _ => (WarehouseErrorKind.ConnectionLost, error.InnerException?.Message ?? error.Message),
        };
        var message = kind switch
        {
            WarehouseErrorKind.HostNotFound => $"cannot reach PostgreSQL at {where}: {what}",
            WarehouseErrorKind.ConnectionRefused => $"cannot connect to PostgreSQL at {where}: {what}",
            WarehouseErrorKind.AuthenticationFailed => $"PostgreSQL at {where} refused the login: {what}",
            WarehouseErrorKind.DatabaseMissing => $"PostgreSQL at {where}: {what}",
            WarehouseErrorKind.ServerShutdown => $"PostgreSQL at {where} shut down or restarted during the run: {what}",
            _ => $"the connection to PostgreSQL at {where} failed: {what}",
        };
        return new WarehouseConnectionException(kind, targetName is null ? message : $"{targetName}: {message}", error);
    }

    private static WarehouseErrorKind? ConnectionKind(string sqlState) => sqlState switch
    {
        "28P01" or "28000" => WarehouseErrorKind.AuthenticationFailed,
        "3D000" => WarehouseErrorKind.DatabaseMissing,
        "57P01" or "57P02" or "57P03" => WarehouseErrorKind.ServerShutdown,
        _ when sqlState.StartsWith("08", StringComparison.Ordinal) => WarehouseErrorKind.ConnectionLost,
        _ => null,
    };

    private static WarehouseErrorKind StatementKind(PostgresException e) => e.SqlState switch
    {
        PostgresErrorCodes.DeadlockDetected => WarehouseErrorKind.Deadlock,
        PostgresErrorCodes.SerializationFailure => WarehouseErrorKind.Transient,
        PostgresErrorCodes.ReadOnlySqlTransaction => WarehouseErrorKind.ReadOnly,
        PostgresErrorCodes.DiskFull => WarehouseErrorKind.DiskFull,
        PostgresErrorCodes.InsufficientPrivilege => WarehouseErrorKind.PermissionDenied,
        PostgresErrorCodes.LockNotAvailable => WarehouseErrorKind.LockTimeout,
        PostgresErrorCodes.QueryCanceled when e.MessageText.Contains("statement timeout", StringComparison.Ordinal) => WarehouseErrorKind.StatementTimeout,
        PostgresErrorCodes.QueryCanceled => WarehouseErrorKind.Cancelled,
        _ => WarehouseErrorKind.Statement,
    };

    /// <summary>host:port, database and user of a connection string: what a person needs to find the server, no secret.</summary>
    private static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port} (database {builder.Database}, user {builder.Username})";
    }

    private static T? Find<T>(Exception? error)
        where T : Exception
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}
