namespace Engine.Core.Project;

public enum ResourceType
{
    Model,
    Seed,
    Snapshot,
    Test,
    Source,

    /// <summary>A dashboard (dbt calls what reads the project from outside an exposure).</summary>
    Exposure,

    /// <summary>A query under <c>analyses/</c>: compiled to <c>target/compiled</c> for people to run, never run by the engine (dbt's analyses).</summary>
    Analysis,
}
