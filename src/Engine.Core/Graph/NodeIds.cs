using Engine.Core.Project;

namespace Engine.Core.Graph;

/// <summary>Unique ids in dbt's form <c>type.project.name</c>, so that tools reading dbt artifacts can read ours.</summary>
public static class NodeIds
{
    public static string For(ResourceType type, string project, string name) => $"{ResourceTypes.Name(type)}.{project}.{name}";

    public static string Source(string project, string source, string table) => $"source.{project}.{source}.{table}";
}
