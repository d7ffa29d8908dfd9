using Engine.Warehouse.Cdc;
using Engine.Warehouse.Postgres;

namespace Engine.Connectors.Cdc;

/// <summary>A staging table being replicated: where it lives in the source, and its shape in the warehouse.</summary>
internal sealed record SourceTable(string Schema, string Name, CdcTable Warehouse)
{
    public string Qualified => $"{Quote(Schema)}.{Quote(Name)}";

    public static string Quote(string identifier) => PostgresDialect.QuoteExact(identifier);
}
