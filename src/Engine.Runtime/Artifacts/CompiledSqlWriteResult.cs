namespace Engine.Runtime.Artifacts;

/// <summary>How many compiled files there are, how many had to be (re)written, and where.</summary>
public sealed record CompiledSqlWriteResult(int Files, int Written, string Directory);
