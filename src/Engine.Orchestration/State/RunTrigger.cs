namespace Engine.Orchestration.State;

/// <summary>What started a run, as the run history shows it.</summary>
public enum RunTrigger
{
    Manual,
    Schedule,
    Backfill,
    Automation,
}
