namespace Engine.Orchestration.State;

/// <summary>
/// A run's state in the history. <see cref="Abandoned"/> is what a run left <see cref="Running"/> by a process that
/// is gone (killed, machine lost) becomes on the next start, so no run shows as running forever.
/// </summary>
public enum RunStatus
{
    Running,
    Succeeded,
    Failed,
    Abandoned,
}
