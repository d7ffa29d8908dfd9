using System.Collections.Immutable;
using Engine.Core.Diagnostics;

namespace Engine.Core.Project;

/// <summary>
/// A dbt 1.8 unit test (<c>unit_tests:</c> in a properties file): the model's SQL run on the given rows in place of
/// its refs and sources, compared with the expected rows. Nothing is read from the warehouse's tables.
/// </summary>
public sealed record UnitTestDefinition(
    string Name,
    string Model,
    ImmutableArray<UnitTestInput> Given,
    UnitTestRows Expect,
    SourceLocation Location)
{
    public string? Description { get; init; }

    public ImmutableArray<string> Tags { get; init; } = [];

    public bool Enabled { get; init; } = true;

    /// <summary><c>overrides: vars:</c>, seen by <c>var()</c> in the model before the project's vars.</summary>
    public ImmutableDictionary<string, object?> Vars { get; init; } = ImmutableDictionary<string, object?>.Empty;

    /// <summary><c>overrides: macros: is_incremental:</c>; a unit test builds the model as a full refresh unless it says true.</summary>
    public bool IsIncremental { get; init; }
}
