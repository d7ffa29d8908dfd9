using Engine.Core.Diagnostics;

namespace Engine.Warehouse;

/// <summary>The diagnostic code and a few words for each known kind of warehouse failure, so users and scripts can tell them apart.</summary>
public static class WarehouseErrorCodes
{
    /// <summary>The code of <paramref name="kind"/>, or null for a plain statement error (its own message says enough).</summary>
    public static string? For(WarehouseErrorKind kind) => kind switch
    {
        WarehouseErrorKind.HostNotFound => DiagnosticCodes.WarehouseHostNotFound,
        WarehouseErrorKind.ConnectionRefused => DiagnosticCodes.WarehouseConnectionRefused,
        WarehouseErrorKind.AuthenticationFailed => DiagnosticCodes.WarehouseAuthenticationFailed,
        WarehouseErrorKind.DatabaseMissing => DiagnosticCodes.WarehouseDatabaseMissing,
        WarehouseErrorKind.ServerShutdown => DiagnosticCodes.WarehouseServerShutdown,
        WarehouseErrorKind.ConnectionLost => DiagnosticCodes.WarehouseConnectionLost,
        WarehouseErrorKind.ReadOnly => DiagnosticCodes.WarehouseReadOnly,
        WarehouseErrorKind.DiskFull => DiagnosticCodes.WarehouseDiskFull,
        WarehouseErrorKind.PermissionDenied => DiagnosticCodes.WarehousePermissionDenied,
        WarehouseErrorKind.StatementTimeout => DiagnosticCodes.WarehouseStatementTimeout,
        WarehouseErrorKind.LockTimeout => DiagnosticCodes.WarehouseLockTimeout,
        WarehouseErrorKind.Deadlock => DiagnosticCodes.WarehouseDeadlock,
        _ => null,
    };

    /// <summary>What the kind means, to start a message with: "the database is read-only".</summary>
    public static string? Describe(WarehouseErrorKind kind) => kind switch
    {
        WarehouseErrorKind.ReadOnly => "the database is read-only",
        WarehouseErrorKind.DiskFull => "the warehouse's disk is full",
        WarehouseErrorKind.PermissionDenied => "permission denied",
        WarehouseErrorKind.StatementTimeout => "the statement ran past its timeout",
        WarehouseErrorKind.LockTimeout => "a lock could not be taken in time (another session holds it)",
        WarehouseErrorKind.Deadlock => "deadlock with another session",
        WarehouseErrorKind.ServerShutdown => "the server shut down or restarted",
        WarehouseErrorKind.ConnectionLost => "the connection was lost",
        _ => null,
    };

    /// <summary>"ENG1417 the database is read-only: " for a known kind, empty for a plain statement error.</summary>
    public static string Prefix(WarehouseErrorKind kind) =>
        For(kind) is { } code && Describe(kind) is { } words ? $"{code} {words}: " : string.Empty;

    /// <summary>Whether a connection failure is the configuration's fault (wrong host, login, database): exit code 2, not 1.</summary>
    public static bool IsConfiguration(WarehouseErrorKind kind) =>
        kind is WarehouseErrorKind.HostNotFound or WarehouseErrorKind.AuthenticationFailed or WarehouseErrorKind.DatabaseMissing;
}
