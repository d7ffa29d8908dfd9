using System.Collections.Immutable;
using Engine.Core.Compilation;
using Engine.Core.Diagnostics;
using Engine.Core.Project;

namespace Engine.Core.Graph;

/// <summary>A node of the project DAG: a model, snapshot, seed, source table or test.</summary>
public sealed record GraphNode(
    string UniqueId,
    string Name,
    ResourceType Type,
    string RelativePath,
    SourceLocation Location)
{
    public ImmutableArray<string> Fqn { get; init; } = [];
    public ImmutableArray<string> Tags { get; init; } = [];
    public ImmutableArray<string> DependsOn { get; init; } = [];
    public ModelConfig? Config { get; init; }
    public TestConfig? TestConfig { get; init; }
    public Relation? Relation { get; init; }
    public string? Description { get; init; }

    /// <summary>The model's enforced contract and constraints, or null.</summary>
    public ModelContract? Contract { get; init; }

    /// <summary>The columns a model's YAML documents (persist_docs writes their descriptions).</summary>
    public ImmutableArray<ColumnDefinition> Columns { get; init; } = [];

    /// <summary>For a test: the node it checks and the column, when it has one.</summary>
    public string? AttachedTo { get; init; }
    public string? ColumnName { get; init; }

    public string FilePath => Location.FilePath;

    public string Materialized => Config?.Materialized ?? ResourceTypes.Name(Type);

    public bool IsEphemeral => Materialized == Materializations.Ephemeral;

    /// <summary>A dbt 1.8 unit test: a test node whose id is <c>unit_test.project.model.name</c>, as in dbt's manifest.</summary>
    public bool IsUnitTest => Type == ResourceType.Test && UniqueId.StartsWith("unit_test.", StringComparison.Ordinal);
}
