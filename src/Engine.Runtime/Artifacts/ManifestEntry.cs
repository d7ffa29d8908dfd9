namespace Engine.Runtime.Artifacts;

/// <summary>
/// Where one node's entry lies in target/manifest.json: its key (a digest of everything the entry shows), its bytes'
/// place and their digest, checked before they are copied, so a manifest rewritten since then is never spliced from.
/// </summary>
public readonly record struct ManifestEntry(UInt128 Key, long Offset, int Length, UInt128 Content);
