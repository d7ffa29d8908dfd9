using Engine.Runtime.Execution;

namespace Engine.Runtime.Tests.Execution;

public static class BuildOutcomeExtensions
{
    public static NodeResult Result(this BuildOutcome outcome, string name) =>
        outcome.Results.Single(r => r.Node.Name == name);

    public static NodeStatus Status(this BuildOutcome outcome, string name) => outcome.Result(name).Status;

    /// <summary>Every result that is not a success or pass, for assertion messages.</summary>
    public static string Problems(this BuildOutcome outcome) =>
        string.Join("\n", outcome.Results.Where(r => r.Status is not (NodeStatus.Success or NodeStatus.Pass)).Select(r => $"{r.Node.Name}: {r.Status} {r.Message}"));
}
