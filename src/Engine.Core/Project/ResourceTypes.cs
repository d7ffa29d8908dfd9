namespace Engine.Core.Project;

/// <summary>The lowercase names users write in <c>resource_type:</c> selectors and see in unique ids.</summary>
public static class ResourceTypes
{
    public static string Name(ResourceType type) => type switch
    {
        ResourceType.Model => "model",
        ResourceType.Seed => "seed",
        ResourceType.Snapshot => "snapshot",
        ResourceType.Test => "test",
        ResourceType.Source => "source",
        ResourceType.Exposure => "exposure",
        ResourceType.Analysis => "analysis",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static IReadOnlyList<string> All { get; } = ["model", "seed", "snapshot", "test", "source", "exposure", "analysis"];

    public static ResourceType? Parse(string name) => name switch
    {
        "model" => ResourceType.Model,
        "seed" => ResourceType.Seed,
        "snapshot" => ResourceType.Snapshot,
        "test" => ResourceType.Test,
        "source" => ResourceType.Source,
        "exposure" => ResourceType.Exposure,
        "analysis" => ResourceType.Analysis,
        _ => null,
    };
}
