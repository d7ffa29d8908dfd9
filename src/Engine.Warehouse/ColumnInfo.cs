namespace Engine.Warehouse;

/// <summary>A column as the warehouse describes it; <see cref="DataType"/> is the warehouse's own type text.</summary>
public sealed record ColumnInfo(string Name, string DataType);
