namespace Engine.Core.Project;

/// <summary>What a generic test is declared on: a model/seed/snapshot by name, or a source table.</summary>
public sealed record TestAttachment(ResourceType Type, string Name, string? SourceName = null)
{
    public string DisplayName => SourceName is null ? Name : $"{SourceName}_{Name}";
}
