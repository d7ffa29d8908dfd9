namespace Engine.Warehouse.Cdc;

/// <summary>
/// A replicated column. <paramref name="SourceType"/> is the source's own spelling (<c>format_type</c>, e.g.
/// <c>numeric(10,2)</c>, <c>timestamp with time zone</c>); each sink maps it to its warehouse's type.
/// Values travel as PostgreSQL's text representation of that type, which round-trips exactly.
/// </summary>
public sealed record CdcColumn(string Name, string SourceType);
