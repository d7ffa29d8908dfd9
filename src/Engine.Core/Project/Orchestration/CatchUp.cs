namespace Engine.Core.Project.Orchestration;

/// <summary>What a schedule does about ticks missed while nothing was running.</summary>
public enum CatchUp
{
    /// <summary>Missed ticks are dropped; the next tick runs as usual.</summary>
    None,

    /// <summary>One run for the newest missed tick.</summary>
    Latest,

    /// <summary>One run per missed tick, oldest first, within the schedule's <c>catch_up_window</c>.</summary>
    All,
}
