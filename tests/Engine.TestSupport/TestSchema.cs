namespace Engine.TestSupport;

/// <summary>A fresh schema for one test; <paramref name="ConnectionString"/> puts it first on the search path.</summary>
public sealed record TestSchema(string Name, string ConnectionString);
