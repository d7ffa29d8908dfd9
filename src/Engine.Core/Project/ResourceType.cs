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
}
