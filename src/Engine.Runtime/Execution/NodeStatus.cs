namespace Engine.Runtime.Execution;

/// <summary>dbt's result statuses: models end success/error/skipped, tests pass/warn/fail/error/skipped.</summary>
public enum NodeStatus
{
    Success,
    Error,
    Skipped,
    Pass,
    Warn,
    Fail,
}
