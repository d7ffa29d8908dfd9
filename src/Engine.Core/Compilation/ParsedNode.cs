using System.Collections.Immutable;
using Engine.Core.Graph;
using Engine.Core.Loading;
using Engine.Core.Project;
using Engine.Core.Templating;

namespace Engine.Core.Compilation;

/// <summary>A graph node with what the compile pass needs: its template, or the generic test it instantiates.</summary>
public sealed record ParsedNode(GraphNode Node)
{
    /// <summary>
    /// The template text, parsed again by the compile pass. Keeping every syntax tree alive between the passes
    /// made the garbage collector copy them all: on 10,000 models that cost more than parsing twice.
    /// </summary>
    public string? TemplateText { get => Template?.Text; init => Template = value is null ? null : SourceText.Of(value); }

    /// <summary>The template with its digest, which a reused parse, render or manifest entry needs without the text.</summary>
    public SourceText? Template { get; init; }

    public GenericTestDefinition? GenericTest { get; init; }

    /// <summary>The unit test this node runs, and its inputs by <c>ref:model</c> / <c>source:source.table</c>.</summary>
    public UnitTestDefinition? UnitTest { get; init; }

    public ImmutableDictionary<string, UnitTestInput> UnitTestInputs { get; init; } = ImmutableDictionary<string, UnitTestInput>.Empty;

    /// <summary>The relation a generic test checks, and the parent of a relationships test.</summary>
    public string? TestedNodeId { get; init; }

    public string? RelationshipsParentId { get; init; }

    public ImmutableArray<RefCall> Refs { get; init; } = [];

    public ImmutableArray<SourceCall> Sources { get; init; } = [];

    /// <summary>A model's <c>config {...}</c> calls, as its parse recorded them (an input of its manifest entry's key).</summary>
    public ImmutableArray<ConfigEntry> ConfigCalls { get; init; } = [];

    /// <summary>The properties file (YAML) whose entry describes this model, if one does.</summary>
    public string? PropertiesFile { get; init; }
}
