namespace Engine.Orchestration.Automation;

/// <summary>A model the daemon builds by itself this tick: its automation condition and why it holds.</summary>
public sealed record AutomationDue(string UniqueId, string Condition, string Reason);
