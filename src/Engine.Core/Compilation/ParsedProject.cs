using System.Collections.Concurrent;
using Engine.Core.Compilation.Caching;
using Engine.Core.Graph;
using Engine.Core.Project;
using Engine.Core.Templating;

namespace Engine.Core.Compilation;

/// <summary>The result of the parse pass: the DAG and every node ready for the compile pass.</summary>
public sealed record ParsedProject(
    ProjectDefinition Definition,
    CompileOptions Options,
    TemplateEnvironment Environment,
    ProjectGraph Graph,
    IReadOnlyDictionary<string, ParsedNode> Nodes)
{
    /// <summary>The previous compile's results to reuse where nothing they were made from changed, or null.</summary>
    public CompileCache? Cache { get; init; }

    /// <summary>Custom generic test templates, parsed once on first use and shared by every test using them.</summary>
    public ConcurrentDictionary<string, SqlTemplate?> GenericTemplates { get; } = new(StringComparer.Ordinal);
}
