using Engine.Runtime.Execution;

namespace Engine.Import.Tests.Dbt;

/// <summary>A build observer that watches nothing: the tests look at the outcome and the warehouse.</summary>
public sealed class SilentBuildObserver : IBuildObserver
{
    public void NodeStarted(BuildUnit unit, int index, int total)
    {
    }

    public void NodeFinished(NodeResult result, int index, int total)
    {
    }

    public void RunFinished(BuildOutcome outcome)
    {
    }
}
