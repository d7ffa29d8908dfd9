using System.Collections.Immutable;

namespace Engine.Core.Project;

/// <summary>
/// What a model promises about its shape: with <see cref="Enforced"/> (<c>contract: {enforced: true}</c>) its columns'
/// names and <c>data_type</c>s are checked before anything is replaced and the table is created with them; its
/// constraints, from its columns and its own <c>constraints:</c>, go into the table's DDL.
/// </summary>
public sealed record ModelContract(bool Enforced, ImmutableArray<ColumnDefinition> Columns, ImmutableArray<ModelConstraint> Constraints);
