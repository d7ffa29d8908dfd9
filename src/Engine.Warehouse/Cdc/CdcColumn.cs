namespace Engine.Warehouse.Cdc;

/// <summary>
/// A replicated column. <paramref name="SourceType"/> is the source's own spelling (<c>format_type</c>, e.g.
/// <c>numeric(10,2)</c>, <c>timestamp with time zone</c>); each sink maps it to its warehouse's type.
/// Values travel as PostgreSQL's text representation of that type, which round-trips exactly, or, to a sink that takes
/// them (<see cref="ICdcSink.AcceptsBinary"/>), as the type's binary form.
/// </summary>
public sealed record CdcColumn(string Name, string SourceType);
