namespace Engine.Warehouse;

/// <summary>What a statement did, as the warehouse tells it: <c>SELECT 5844</c>, <c>MERGE 12</c>, <c>CREATE VIEW</c>.</summary>
public sealed record StatementResult(string Code, long? RowsAffected)
{
    public override string ToString() => RowsAffected is { } rows ? $"{Code} {rows}" : Code;
}
