using System.Collections.Immutable;
using Engine.Core.Diagnostics;

namespace Engine.Core.Project;

/// <summary>
/// A generic test declared in YAML (<c>unique</c>, <c>not_null</c>, <c>accepted_values</c>, <c>relationships</c>
/// or a custom one from tests/generic/), attached to a model, seed or source table and optionally a column.
/// </summary>
public sealed record GenericTestDefinition(
    string TestName,
    string? ColumnName,
    ImmutableDictionary<string, object?> Arguments,
    TestConfig Config,
    SourceLocation Location)
{
    /// <summary>An explicit <c>name:</c> given in YAML; otherwise the engine derives one.</summary>
    public string? ExplicitName { get; init; }

    /// <summary>The bare name of the built-in dbt_utils test this is (<see cref="DbtUtilsTests"/>), or null.</summary>
    public string? DbtUtilsTest { get; init; }
}
