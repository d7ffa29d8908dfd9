using System.Collections.Immutable;

namespace Engine.Core.Compilation;

/// <summary>The compile pass's output: each selected node's final SQL, in DAG order.</summary>
public sealed record CompiledProject(ParsedProject Parsed, ImmutableArray<CompiledNode> Nodes);
