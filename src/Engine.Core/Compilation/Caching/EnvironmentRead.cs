namespace Engine.Core.Compilation.Caching;

/// <summary>An environment variable a render read, with the value it saw (null: unset).</summary>
public sealed record EnvironmentRead(string Name, string? Value);
