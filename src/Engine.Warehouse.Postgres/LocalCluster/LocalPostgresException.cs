using Engine.Core.Diagnostics;

namespace Engine.Warehouse.Postgres.LocalCluster;

/// <summary>
/// The managed local PostgreSQL cluster could not be found, initialised, started or stopped.
/// The message is written for the person at the terminal: it says what to do next, so the CLI prints it as is.
/// </summary>
public sealed class LocalPostgresException : Exception
{
    public LocalPostgresException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary><see cref="DiagnosticCodes.LocalServerBinariesMissing"/> or <see cref="DiagnosticCodes.LocalServerStartFailed"/>.</summary>
    public string Code { get; }

    public Diagnostic ToDiagnostic() => Diagnostic.Error(Code, Message, null);

    internal static LocalPostgresException StartFailed(string message, Exception? innerException = null) =>
        new(DiagnosticCodes.LocalServerStartFailed, message, innerException);
}
