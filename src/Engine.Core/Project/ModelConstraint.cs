using System.Collections.Immutable;
using Engine.Core.Diagnostics;

namespace Engine.Core.Project;

/// <summary>
/// One of dbt's <c>constraints:</c> on a column or a model: <c>not_null</c>, <c>unique</c>, <c>primary_key</c>,
/// <c>foreign_key</c> (<c>to: ref('x')</c> with <c>to_columns</c>, or an <c>expression</c> such as <c>dwh.dim (id)</c>)
/// or <c>check</c> (its <c>expression</c>). A column's constraint has the column in <see cref="Columns"/>.
/// </summary>
public sealed record ModelConstraint(string Type, ImmutableArray<string> Columns, SourceLocation Location)
{
    public static IReadOnlyList<string> Types { get; } = ["not_null", "unique", "primary_key", "foreign_key", "check"];

    public string? Name { get; init; }

    public string? Expression { get; init; }

    /// <summary>The model a foreign key references (the name in <c>to: ref('name')</c>), or null.</summary>
    public string? To { get; init; }

    public ImmutableArray<string> ToColumns { get; init; } = [];
}
