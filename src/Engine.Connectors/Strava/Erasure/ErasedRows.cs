namespace Engine.Connectors.Strava.Erasure;

/// <summary>Rows of one deauthorized athlete removed from one warehouse table (<c>schema.table</c> as the catalog names it).</summary>
public sealed record ErasedRows(long AthleteId, string Schema, string Table, long Rows);
