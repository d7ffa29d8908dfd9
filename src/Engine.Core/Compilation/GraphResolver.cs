using System.Collections.Concurrent;
using Engine.Core.Graph;
using Engine.Core.Project;
using Engine.Core.Templating;

namespace Engine.Core.Compilation;

/// <summary>The compile pass's answers to ref and source: quoted relations, or CTE names for ephemeral models.</summary>
public sealed class GraphResolver : INodeResolver
{
    private readonly ParsedProject _project;
    private readonly Dictionary<string, GraphNode> _byName;
    private readonly Dictionary<(string, string), GraphNode> _sources;
    private readonly Dictionary<string, string> _sourceEventTime;
    private readonly ConcurrentDictionary<string, string> _relationText;

    public GraphResolver(ParsedProject project)
    {
        _project = project;
        // Sized for every node: grown while the compile's threads fill it, each resize took all its locks and the
        // other thread waited on them.
        _relationText = new(Environment.ProcessorCount, project.Graph.Nodes.Count, StringComparer.Ordinal);
        // The first node of each name, in a dictionary sized up front (a grouping of 10,000 names, then a dictionary
        // grown by doubling, left chains of arrays on the large object heap).
        _byName = new Dictionary<string, GraphNode>(project.Graph.Nodes.Count, StringComparer.Ordinal);
        foreach (var node in project.Graph.Nodes.Values)
        {
            if (node.Type is ResourceType.Model or ResourceType.Snapshot or ResourceType.Seed)
            {
                _byName.TryAdd(node.Name, node);
            }
        }

        _sources = project.Graph.Nodes.Values
            .Where(n => n.Type == ResourceType.Source)
            .ToDictionary(n => (n.Fqn[^2], n.Fqn[^1]));
        _sourceEventTime = project.Definition.Sources
            .SelectMany(s => s.Tables.Where(t => t.EventTime is not null).Select(t => (Id: NodeIds.Source(project.Definition.Config.Name, s.Name, t.Name), EventTime: t.EventTime!)))
            .ToDictionary(x => x.Id, x => x.EventTime, StringComparer.Ordinal);
    }

    public static string CteName(string model) => $"__engine_cte__{model}";

    public string ResolveRef(NodeRenderState state, RefCall call)
    {
        if (state.InputOverrides is { } inputs)
        {
            return Input(state, inputs, UnitTestNodeFactory.RefKey(call.Name), $"ref('{call.Name}')");
        }

        var node = _byName[call.Name];
        if (node.IsEphemeral)
        {
            state.EphemeralRefs.Add(node.Name);
        }

        return node.Relation is not null && node.Config?.EventTime is { } eventTime ? InWindow(state, node, eventTime) : RelationText(node);
    }

    public string ResolveSource(NodeRenderState state, SourceCall call)
    {
        if (state.InputOverrides is { } inputs)
        {
            return Input(state, inputs, UnitTestNodeFactory.SourceKey(call.SourceName, call.TableName), $"source('{call.SourceName}', '{call.TableName}')");
        }

        var node = _sources[(call.SourceName, call.TableName)];
        return _sourceEventTime.TryGetValue(node.UniqueId, out var eventTime) ? InWindow(state, node, eventTime) : RelationText(node);
    }

    /// <summary>A unit test reads its given rows, never the warehouse: an input it was not given is recorded as missing.</summary>
    private static string Input(NodeRenderState state, IReadOnlyDictionary<string, string> inputs, string key, string call)
    {
        if (inputs.TryGetValue(key, out var cte))
        {
            return cte;
        }

        state.MissingInputs.Add(call);
        return call;
    }

    /// <summary>The relation a ref or source key (<see cref="UnitTestNodeFactory.RefKey"/>) names, for typing a unit test's input.</summary>
    public string? InputRelationText(string key) =>
        key.StartsWith("ref:", StringComparison.Ordinal) ? (_byName.GetValueOrDefault(key[4..]) is { } node ? RelationText(node) : null)
        : key.Split(':', 2)[1].Split('.', 2) is [var source, var table] && _sources.TryGetValue((source, table), out var s) ? RelationText(s) : null;

    /// <summary>
    /// dbt's automatic filter of a microbatch model's inputs: a parent (model or source table) that declares event_time
    /// is read in the window only. A CTE rather than dbt's aliased subquery, so "{{ ref('x') }} e" stays valid SQL.
    /// </summary>
    private string InWindow(NodeRenderState state, GraphNode node, string eventTime)
    {
        if (state.EventTimeWindow is not { } window)
        {
            return RelationText(node);
        }

        var dialect = _project.Options.Dialect;
        var column = dialect.QuoteIdentifier(eventTime);
        var name = dialect.QuoteIdentifier($"__engine_et__{(node.Type == ResourceType.Source ? $"{node.Fqn[^2]}__{node.Name}" : node.Name)}");
        if (!state.EventTimeFilters.Exists(f => f.Name == name))
        {
            state.EventTimeFilters.Add((name,
                $"select * from {RelationText(node)} where {column} >= {dialect.TimestampLiteral(window.Start)} and {column} < {dialect.TimestampLiteral(window.End)}"));
        }

        return name;
    }

    /// <summary>
    /// How SQL names <paramref name="node"/>: its quoted relation (another environment's under <c>--defer</c>), or its
    /// CTE when it is ephemeral.
    /// </summary>
    /// <remarks>The factory takes its inputs as an argument: a closure over them was allocated on every call, found or not.</remarks>
    public string RelationText(GraphNode node) =>
        _relationText.GetOrAdd(node.UniqueId, static (_, input) => input.Resolver.MakeRelationText(input.Node), (Resolver: this, Node: node));

    private string MakeRelationText(GraphNode node) =>
        node.Relation is null ? CteReference(node.Name)
            : _project.Options.Dialect.RelationName(_project.Options.Deferred.GetValueOrDefault(node.UniqueId) ?? node.Relation);

    public string CteReference(string model) => _project.Options.Dialect.QuoteIdentifier(CteName(model));

    public GraphNode? FindRefable(string name) => _byName.GetValueOrDefault(name);
}
