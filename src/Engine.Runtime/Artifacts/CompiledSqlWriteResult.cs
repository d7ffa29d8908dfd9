namespace Engine.Runtime.Artifacts;

/// <summary>How many compiled files there are, how many had to be (re)written, and where.</summary>
public sealed record CompiledSqlWriteResult(int Files, int Written, string Directory)
{
    /// <summary>Entries of manifest.json copied from the previous one by a partial compile.</summary>
    public int ManifestEntriesReused { get; init; }
}
