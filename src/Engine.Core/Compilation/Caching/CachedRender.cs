using System.Collections.Immutable;

namespace Engine.Core.Compilation.Caching;

/// <summary>
/// A node's compiled SQL with everything its render read besides the project-wide inputs of the fingerprint: its
/// template, its own relation, <c>is_incremental()</c>, what each ref/source resolved to, and the environment variables.
/// </summary>
public sealed record CachedRender(
    string TemplateHash,
    string ThisText,
    bool IsIncremental,
    ImmutableArray<CachedResolution> Resolutions,
    ImmutableArray<EnvironmentRead> Reads,
    string Sql);
