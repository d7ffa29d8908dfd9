namespace Engine.Orchestration.Steps;

/// <summary>One step of the pipeline (<c>extract</c>, <c>sync</c>, <c>build</c>), named as pipeline.yml names it.</summary>
public interface IPipelineStep
{
    string Name { get; }

    Task<StepResult> RunAsync(StepContext context);
}
