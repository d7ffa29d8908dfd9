using System.Collections.Immutable;
using Engine.Core.Loading;

namespace Engine.Core.Templating;

/// <summary>What a parse-pass render would have recorded, read from the syntax tree instead.</summary>
public sealed record StaticParseResult(ImmutableArray<RefCall> Refs, ImmutableArray<SourceCall> Sources, ImmutableArray<ConfigEntry> Config);
