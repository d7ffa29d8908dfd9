namespace Engine.Core.Project;

public enum ResourceType
{
    Model,
    Seed,
    Snapshot,
    Test,
    Source,
}
