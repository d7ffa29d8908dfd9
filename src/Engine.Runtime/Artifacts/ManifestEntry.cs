namespace Engine.Runtime.Artifacts;

/// <summary>
/// Where one node's entry lies in target/manifest.json: its key (a digest of everything the entry shows) and its bytes'
/// place; <paramref name="Content"/> is their digest where the file system's clock is too coarse to tell a rewrite.
/// </summary>
public readonly record struct ManifestEntry(UInt128 Key, long Offset, int Length, UInt128 Content);
