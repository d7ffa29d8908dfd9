using System.Collections.Immutable;

namespace Engine.Web.Docs;

/// <summary>A column: its type from the warehouse (catalog), its description and tests from the YAML.</summary>
public sealed record DocColumn(string Name, string? Type, string? Description, ImmutableArray<string> Tests);
