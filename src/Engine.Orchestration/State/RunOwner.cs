using System.Diagnostics;

namespace Engine.Orchestration.State;

/// <summary>
/// The process running a run: host, process id and the process's start time, which tells a live owner from a new
/// process that happens to reuse a dead one's id.
/// </summary>
public sealed record RunOwner(string Host, int ProcessId, DateTimeOffset? ProcessStartedAt)
{
    public static RunOwner Current { get; } = Of(Process.GetCurrentProcess());

    /// <summary>True when the owner's process still runs on this host (the caller checks the host).</summary>
    public static bool IsAlive(RunOwner owner)
    {
        try
        {
            using var process = Process.GetProcessById(owner.ProcessId);
            var current = Of(process);
            // Stored to the microsecond by PostgreSQL; a second's tolerance keeps rounding from calling a live process dead.
            return owner.ProcessStartedAt is not { } started || current.ProcessStartedAt is not { } now || (now - started).Duration() < TimeSpan.FromSeconds(1);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static RunOwner Of(Process process) =>
        new(Environment.MachineName, process.Id, new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero));
}
