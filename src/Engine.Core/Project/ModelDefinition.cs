using System.Collections.Immutable;
using Engine.Core.Diagnostics;
using Engine.Core.Loading;

namespace Engine.Core.Project;

/// <summary>
/// A model or snapshot file (models/**/*.sql) with what its YAML says about it. <see cref="Config"/> is the
/// folder defaults merged with the YAML config; the template's own <c>config {...}</c> is applied when rendered.
/// </summary>
public sealed record ModelDefinition(
    string Name,
    ResourceType Type,
    string RelativePath,
    string FilePath,
    ImmutableArray<string> Fqn,
    SourceText Source,
    ModelConfig Config,
    SourceLocation Location)
{
    /// <summary>The template's text; read now if the load left the file unread (<see cref="SourceText"/>).</summary>
    public string RawSql => Source.Text;

    public string? Description { get; init; }
    public ImmutableArray<ColumnDefinition> Columns { get; init; } = [];
    public ImmutableArray<GenericTestDefinition> Tests { get; init; } = [];

    /// <summary>The YAML entry's model-level <c>constraints:</c>.</summary>
    public ImmutableArray<ModelConstraint> Constraints { get; init; } = [];

    /// <summary>Where the model's YAML entry is, when it has one.</summary>
    public SourceLocation? YamlLocation { get; init; }
}
