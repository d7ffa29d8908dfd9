namespace Engine.Runtime.Changes;

/// <summary>
/// What a node was last built from, as recorded after its last successful build: the checksum of what it runs (compiled
/// SQL, hooks, the config that changes how it runs), the data versions of its inputs, and its own data version, which
/// changes exactly when its contents may have changed.
/// </summary>
public sealed record NodeState(string SqlChecksum, string Inputs, string DataVersion);
