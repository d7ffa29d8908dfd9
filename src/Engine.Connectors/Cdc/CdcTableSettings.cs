using System.Collections.Immutable;

namespace Engine.Connectors.Cdc;

/// <summary>A replicated table: its name in staging (and in the warehouse schema) and its key columns.</summary>
public sealed record CdcTableSettings(string Name, ImmutableArray<string> PrimaryKey);
