namespace Engine.Orchestration.State;

/// <summary>One step of a recorded run: its status, time and one-line account.</summary>
public sealed record StepRecord(string Name, string Status, TimeSpan Elapsed, string Detail);
