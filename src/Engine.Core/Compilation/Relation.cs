namespace Engine.Core.Compilation;

/// <summary>A table or view in the warehouse. The dialect decides how it is quoted and whether the database is written.</summary>
public sealed record Relation(string? Database, string Schema, string Identifier)
{
    public override string ToString() => Database is null ? $"{Schema}.{Identifier}" : $"{Database}.{Schema}.{Identifier}";
}
