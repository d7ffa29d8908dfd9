using System.Collections.Concurrent;
using System.Collections.Immutable;
using Engine.Core.Compilation.Caching;
using Engine.Core.Compilation.Dashboards;
using Engine.Core.Diagnostics;
using Engine.Core.Graph;
using Engine.Core.Project;
using Engine.Core.Templating;

namespace Engine.Core.Compilation;

/// <summary>
/// The compile pass: renders the selected nodes again with refs resolved, inlines ephemeral models as CTEs,
/// and builds generic test queries. Writing the files is the runtime's job (CompiledSqlWriter).
/// </summary>
public sealed class ProjectCompiler
{
    private readonly ParsedProject _project;
    private readonly GraphResolver _resolver;
    private readonly DiagnosticBag _bag;
    private readonly ConcurrentDictionary<string, Lazy<(string Body, IReadOnlyList<string> Ephemerals)>> _ephemeral = new(StringComparer.Ordinal);

    private ProjectCompiler(ParsedProject project, DiagnosticBag bag)
    {
        _project = project;
        _bag = bag;
        _resolver = new GraphResolver(project);
        project.Environment.Resolver = _resolver;
    }

    public static CompiledProject Compile(ParsedProject project, IReadOnlyCollection<string> selected, DiagnosticBag bag)
    {
        var compiler = new ProjectCompiler(project, bag);
        var order = project.Graph.TopologicalOrder();
        var wanted = selected.ToHashSet(StringComparer.Ordinal);
        var ids = order.Where(id => wanted.Contains(id) && project.Graph[id].Type is not (ResourceType.Source or ResourceType.Seed or ResourceType.Exposure)).ToArray();
        var results = new CompiledNode?[ids.Length];
        Parallel.For(0, ids.Length, i => results[i] = compiler.CompileNode(project.Nodes[ids[i]]));
        return new CompiledProject(project, [.. results.OfType<CompiledNode>()]) { Dashboards = DashboardCompiler.Compile(project, selected, bag) };
    }

    private CompiledNode? CompileNode(ParsedNode parsed)
    {
        var node = parsed.Node;
        if (parsed.UnitTest is not null)
        {
            return UnitTestCompiler.Compile(_project, _resolver, parsed, _bag) is { } unit ? unit with { CompiledPath = $"target/compiled/{node.RelativePath}/{node.Name}.sql" } : null;
        }

        if (parsed.GenericTest is { } test)
        {
            var testSql = GenericTestCompiler.Compile(_project, _resolver, parsed, test, _bag);
            return testSql is null ? null : new CompiledNode(node, testSql) { CompiledPath = CompiledPath(node) };
        }

        var sql = Render(parsed);
        if (sql is null)
        {
            return null;
        }

        var state = CompileState(node);
        var preHooks = RenderHooks(parsed, node.Config?.PreHook ?? [], state.IsIncremental, _bag);
        var postHooks = RenderHooks(parsed, node.Config?.PostHook ?? [], state.IsIncremental, _bag);
        return new CompiledNode(node, sql)
        {
            EventTimeWindow = EventTimeWindow(node, state.IsIncremental),
            CompiledPath = CompiledPath(node),
            PreHooks = preHooks,
            PostHooks = postHooks,
            Definition = Definition(parsed, state.IsIncremental, Branch(sql, preHooks, postHooks)),
        };
    }

    /// <summary>
    /// <see cref="CompiledNode.Definition"/>: an incremental model (not microbatch, whose window is its own per-run
    /// value) is rendered in its other <c>is_incremental()</c> branch too, in a fixed order; every node's text has
    /// this run's <c>run_started_at</c> replaced. Null when that leaves the SQL and hooks as they are.
    /// </summary>
    private string? Definition(ParsedNode parsed, bool incremental, string branch)
    {
        var node = parsed.Node;
        var clock = _project.Environment.RunStartedAtText;
        string text;
        if (node.Materialized == Materializations.Incremental && EventTimeWindow(node, incremental: true) is null && EventTimeWindow(node, incremental: false) is null)
        {
            // The other branch only fingerprints: its problems are reported when a run compiles it for real.
            var quiet = new DiagnosticBag();
            var other = RenderCached(parsed, CompileCache.OtherBranchKey(node.UniqueId), !incremental, quiet) is { } body
                ? Branch(body, RenderHooks(parsed, node.Config?.PreHook ?? [], !incremental, quiet), RenderHooks(parsed, node.Config?.PostHook ?? [], !incremental, quiet))
                : null;
            if (other is null || quiet.HasErrors)
            {
                return null;
            }

            text = incremental ? $"-- is_incremental() true\n{branch}\n-- is_incremental() false\n{other}" : $"-- is_incremental() true\n{other}\n-- is_incremental() false\n{branch}";
        }
        else if (branch.Contains(clock, StringComparison.Ordinal))
        {
            text = branch;
        }
        else
        {
            return null;
        }

        return text.Replace(clock, "{{ run_started_at }}", StringComparison.Ordinal);
    }

    private static string Branch(string sql, ImmutableArray<string> preHooks, ImmutableArray<string> postHooks) =>
        string.Concat(preHooks.Select(h => $"-- pre_hook\n{h}\n")) + sql + string.Concat(postHooks.Select(h => $"\n-- post_hook\n{h}"));

    /// <summary>A render of the model outside the partial-compile cache, ephemeral parents inlined as <see cref="Render"/> does.</summary>
    private string? RenderBody(ParsedNode parsed, NodeRenderState state, DiagnosticBag bag)
    {
        var body = SqlTemplate.Parse(parsed.TemplateText!, parsed.Node.FilePath, bag)?.Render(_project.Environment, state, bag);
        return body is null || parsed.Node.IsEphemeral ? body : EphemeralInliner.Inline(body, [.. state.EventTimeFilters, .. CollectCtes(state.EphemeralRefs)]);
    }

    private NodeRenderState CompileState(GraphNode node, bool? incrementalOverride = null)
    {
        var options = _project.Options;
        var incremental = incrementalOverride ?? (node.Materialized == Materializations.Incremental && !options.FullRefresh
            && node.Relation is not null && options.RelationExists?.Invoke(node.Relation) == true);
        return new NodeRenderState(node.Name, node.FilePath, RenderMode.Compile)
        {
            This = node.Relation,
            ThisText = _resolver.RelationText(node),
            IsIncremental = incremental,
            EventTimeWindow = EventTimeWindow(node, incremental),
        };
    }

    private MicrobatchWindow? EventTimeWindow(GraphNode node, bool incremental) =>
        node.Materialized == Materializations.Incremental && node.Config is { IncrementalStrategy: Materializations.Microbatch } config
            ? MicrobatchWindow.For(config, _project.Options.Partition, incremental, _project.Options.RunStartedAt)
            : null;

    /// <summary>
    /// Hooks are templates too, rendered like the model (as dbt renders them), so a hook can name
    /// <c>{{ ref('x') }}</c> or test <c>is_incremental()</c>. Text without a tag is kept as written.
    /// </summary>
    private ImmutableArray<string> RenderHooks(ParsedNode parsed, ImmutableArray<string> hooks, bool incremental, DiagnosticBag bag)
    {
        var rendered = ImmutableArray.CreateBuilder<string>(hooks.Length);
        foreach (var hook in hooks)
        {
            rendered.Add(!hook.Contains("{{", StringComparison.Ordinal)
                ? hook
                : SqlTemplate.Parse(hook, parsed.Node.FilePath, bag)?.Render(_project.Environment, CompileState(parsed.Node, incremental), bag) ?? hook);
        }

        return rendered.MoveToImmutable();
    }

    private string? Render(ParsedNode parsed) => RenderCached(parsed, parsed.Node.UniqueId, null, _bag);

    /// <summary>
    /// The node's render, from the cache under <paramref name="key"/> when it still holds; <paramref name="incremental"/>
    /// overrides <c>is_incremental()</c> for the other branch of an incremental model, rendered into its own
    /// <paramref name="bag"/>: a render that reported a problem there is not stored.
    /// </summary>
    private string? RenderCached(ParsedNode parsed, string key, bool? incremental, DiagnosticBag bag)
    {
        var node = parsed.Node;
        var state = CompileState(node, incremental);
        var cache = Cacheable(parsed) ? _project.Cache : null;
        var templateHash = cache is null ? null : parsed.Template!.Hash;
        if (cache?.StoredRender(key) is { } stored && StillValid(stored, templateHash!, state, node, incremental))
        {
            cache.Reused(key, stored, counted: incremental is null);
            return stored.Sql;
        }

        var sql = RenderBody(parsed, state, bag);
        if (sql is null || (incremental is not null && bag.HasErrors))
        {
            return sql;
        }

        if (cache is not null && state.EphemeralRefs.Count == 0 && state.EventTimeFilters.Count == 0 && state.MissingInputs.Count == 0
            && state.Resolutions.Select(r => CachedResolution.From(r.Call, r.Text)).ToList() is var resolutions && resolutions.TrueForAll(r => r is not null))
        {
            cache.RecordRender(key, new CachedRender(
                templateHash!, state.ThisText, state.IsIncremental, [.. resolutions.OfType<CachedResolution>()],
                [.. state.EnvironmentReads.Select(r => new EnvironmentRead(r.Name, r.Value))], sql));
        }

        return sql;
    }

    /// <summary>
    /// Only a plain render is cached: not an ephemeral model (inlined elsewhere), a microbatch model (its window follows
    /// the clock), a node with templated hooks, or a template that may read the clock.
    /// </summary>
    private bool Cacheable(ParsedNode parsed)
    {
        var node = parsed.Node;
        return _project.Cache is not null && parsed.Template is { } text && !node.IsEphemeral
            && EventTimeWindow(node, incremental: false) is null && EventTimeWindow(node, incremental: true) is null
            && !(node.Config?.PreHook ?? []).Concat(node.Config?.PostHook ?? []).Any(h => h.Contains("{{", StringComparison.Ordinal))
            && !text.IsVolatile;
    }

    /// <summary>Whether a stored render still holds: same template, relation and is_incremental(), every ref and source resolving as before, the same environment variables.</summary>
    private bool StillValid(CachedRender stored, string templateHash, NodeRenderState state, GraphNode node, bool? incremental)
    {
        if (stored.TemplateHash != templateHash || stored.ThisText != state.ThisText || stored.IsIncremental != state.IsIncremental
            || !CompileCache.ReadsHold(stored.Reads, _project.Options.EnvironmentVariable))
        {
            return false;
        }

        // A state of its own: resolving may record ephemeral parents, which the render that follows a miss must not see.
        var probe = CompileState(node, incremental);
        return stored.Resolutions.All(r => r.StillHolds(_resolver, probe, node.Location))
            && probe.EphemeralRefs.Count == 0 && probe.EventTimeFilters.Count == 0 && probe.MissingInputs.Count == 0;
    }

    /// <summary>Every ephemeral model needed, directly or through other ephemerals, parents first.</summary>
    private List<(string Name, string Body)> CollectCtes(IEnumerable<string> direct)
    {
        var ordered = new List<(string, string)>();
        var visited = new HashSet<string>(StringComparer.Ordinal);

        void Visit(string name)
        {
            if (!visited.Add(name))
            {
                return;
            }

            var (body, nested) = EphemeralBody(name);
            foreach (var n in nested)
            {
                Visit(n);
            }

            ordered.Add((_resolver.CteReference(name), body));
        }

        foreach (var name in direct)
        {
            Visit(name);
        }

        return ordered;
    }

    private (string Body, IReadOnlyList<string> Ephemerals) EphemeralBody(string name) =>
        _ephemeral.GetOrAdd(name, n => new Lazy<(string, IReadOnlyList<string>)>(() =>
        {
            var node = _resolver.FindRefable(n)!;
            var parsed = _project.Nodes[node.UniqueId];
            var state = new NodeRenderState(node.Name, node.FilePath, RenderMode.Compile) { ThisText = _resolver.CteReference(n) };
            var body = SqlTemplate.Parse(parsed.TemplateText!, node.FilePath, _bag)?.Render(_project.Environment, state, _bag) ?? string.Empty;
            return (body, state.EphemeralRefs.Distinct().ToList());
        })).Value;

    private string CompiledPath(GraphNode node)
    {
        var relative = node.RelativePath;
        return node.Type == ResourceType.Test && !relative.EndsWith(".sql", StringComparison.Ordinal)
            ? $"target/compiled/{relative}/{node.Name}.sql"
            : $"target/compiled/{relative}";
    }
}
