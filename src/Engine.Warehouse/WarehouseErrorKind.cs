namespace Engine.Warehouse;

/// <summary>
/// What went wrong, as the runtime needs to know it: each adapter maps its server's codes onto these, so Runtime never
/// sees a driver's exception or a server's error code.
/// </summary>
public enum WarehouseErrorKind
{
    /// <summary>The statement itself was refused (syntax, missing relation, constraint, ...).</summary>
    Statement,

    /// <summary>Two transactions waited on each other and the server rolled this one back; running it again may succeed.</summary>
    Deadlock,

    /// <summary>A concurrent change made the statement fail (serialization failure, catalog changed under it); worth one more try.</summary>
    Transient,

    ReadOnly,
    DiskFull,
    PermissionDenied,
    StatementTimeout,
    LockTimeout,
    Cancelled,

    // Connection-level kinds, carried by WarehouseConnectionException.
    HostNotFound,
    ConnectionRefused,
    AuthenticationFailed,
    DatabaseMissing,
    ServerShutdown,
    ConnectionLost,
}
