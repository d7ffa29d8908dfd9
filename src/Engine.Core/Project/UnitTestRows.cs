using System.Collections.Immutable;

namespace Engine.Core.Project;

/// <summary>
/// The rows of a unit test's input or expectation. <c>dict</c> and <c>csv</c> become <see cref="Rows"/> (column to
/// plain YAML value; a CSV cell is text, an empty one null); <c>sql</c> keeps its query in <see cref="Sql"/>.
/// <see cref="Columns"/> lists every column the rows name, in the order the YAML or the CSV header first names them.
/// </summary>
public sealed record UnitTestRows(string Format, ImmutableArray<string> Columns, ImmutableArray<ImmutableDictionary<string, object?>> Rows, string? Sql);
