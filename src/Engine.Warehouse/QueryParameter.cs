namespace Engine.Warehouse;

/// <summary>A value bound to a named placeholder (<c>@name</c>); <paramref name="Type"/> is its SQL type, the value its text or null.</summary>
public sealed record QueryParameter(string Name, string Type, string? Value);
