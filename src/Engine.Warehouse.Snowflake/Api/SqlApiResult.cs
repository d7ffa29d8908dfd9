using System.Collections.Immutable;

namespace Engine.Warehouse.Snowflake.Api;

/// <summary>A finished statement: its columns (<c>rowType</c>), rows decoded to text, DML counts and, for a multi-statement request, the handles of its statements.</summary>
public sealed record SqlApiResult(
    string Handle,
    ImmutableArray<SqlApiColumn> Columns,
    IReadOnlyList<string?[]> Rows,
    long NumRows,
    long? RowsAffected,
    ImmutableArray<string> StatementHandles);

/// <summary>A column of <c>rowType</c>: Snowflake's type name (fixed, real, text, date, timestamp_tz, ...) and scale.</summary>
public sealed record SqlApiColumn(string Name, string Type, int? Scale);
