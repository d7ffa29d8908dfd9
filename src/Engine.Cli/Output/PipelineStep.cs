namespace Engine.Cli.Output;

/// <summary>One finished step of <c>engine run</c>: how long it took, its exit code and a one-line account of its work.</summary>
public sealed record PipelineStep(string Name, TimeSpan Elapsed, int Exit, string Detail);
