namespace Engine.Orchestration.Steps;

public enum StepStatus
{
    Succeeded,

    /// <summary>The step ran and failed (a node errored, a test failed, an athlete stopped): exit code 1.</summary>
    Failed,

    /// <summary>The step stopped on bad input (a malformed seed): exit code 2, like a bad project.</summary>
    BadInput,
}
