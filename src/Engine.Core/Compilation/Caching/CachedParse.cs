using System.Collections.Immutable;
using Engine.Core.Templating;

namespace Engine.Core.Compilation.Caching;

/// <summary>A model file's parse-pass result, valid while its text hashes to <paramref name="TextHash"/> and the environment variables it read hold the same values.</summary>
public sealed record CachedParse(string TextHash, StaticParseResult Calls, ImmutableArray<EnvironmentRead> Reads);
