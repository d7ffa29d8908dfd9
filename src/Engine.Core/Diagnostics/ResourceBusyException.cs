namespace Engine.Core.Diagnostics;

/// <summary>
/// Something the command needs is held by another process (a run of the same project, a replication slot): nothing is
/// wrong with the project, so the command exits 1 (try again later), not 2, with one line naming the holder.
/// </summary>
public sealed class ResourceBusyException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
