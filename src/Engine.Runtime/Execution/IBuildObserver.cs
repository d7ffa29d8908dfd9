namespace Engine.Runtime.Execution;

/// <summary>Hears a build as it goes: the console and JSON reporters implement it. Calls may come from any build thread.</summary>
public interface IBuildObserver
{
    void NodeStarted(BuildUnit unit, int index, int total);

    void NodeFinished(NodeResult result, int index, int total);

    /// <summary>Every node is done: the summary.</summary>
    void RunFinished(BuildOutcome outcome);
}
