using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Engine.Core.Graph;
using Engine.Core.Project;
using Engine.Runtime.Execution;
using Engine.Warehouse;

namespace Engine.Runtime.Changes;

/// <summary>
/// Decides which nodes of a build are up to date: those whose compiled SQL (with hooks and config) and whose inputs'
/// data versions are what they were at the node's last successful build. A source table's version is the last CDC
/// position applied to it; a model's changes when a build may have changed its contents (a view's follows its inputs; a
/// table rebuilt with the same rows keeps its version). An input whose version is not known (a source CDC does not
/// write, a model never recorded) gets a version of this build alone, so nothing reading it is skipped.
/// </summary>
public sealed class ChangeTracker
{
    private readonly INodeStateStore _store;
    private readonly IReadOnlyDictionary<string, NodeState> _previous;
    private readonly IReadOnlyDictionary<string, string> _sourceVersions;
    private readonly ProjectGraph _graph;
    private readonly bool _force;
    private readonly string _buildToken = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<string, string> _versions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, NodeState?> _changes = new(StringComparer.Ordinal);

    public ChangeTracker(INodeStateStore store, IReadOnlyDictionary<string, NodeState> previous, IReadOnlyDictionary<string, string> sourceVersions, ProjectGraph graph, bool force)
    {
        _store = store;
        _previous = previous;
        _sourceVersions = sourceVersions;
        _graph = graph;
        _force = force;
    }

    /// <summary>True when every node runs (--full-refresh, --no-skip-unchanged); states are still recorded.</summary>
    public bool Forced => _force;

    public static async Task<ChangeTracker> LoadAsync(INodeStateStore store, IWarehouseSession session, ProjectGraph graph, bool force, CancellationToken cancellationToken)
    {
        var previous = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
        var sources = await session.SourceVersionsAsync(cancellationToken).ConfigureAwait(false);
        return new ChangeTracker(store, previous, sources, graph, force);
    }

    /// <summary>
    /// Whether <paramref name="unit"/> may be skipped; <paramref name="relationExists"/> is false when its relation is gone.
    /// <paramref name="checks"/> is what a node without compiled SQL (a dashboard) runs, as text.
    /// </summary>
    public ChangeCheck Check(BuildUnit unit, bool relationExists, string? checks = null)
    {
        var checksum = SqlChecksum(unit, checks);
        var inputs = Inputs(unit.Node);
        var previous = _previous.GetValueOrDefault(unit.Node.UniqueId);
        var changed = previous is null || previous.Inputs == inputs ? [] : ChangedInputs(previous.Inputs, inputs).ToImmutableArray();
        var reason = _force ? SkipDecision.Forced
            : previous is null ? (unit.Node.Type is ResourceType.Test or ResourceType.Exposure ? SkipDecision.Failed : SkipDecision.New)
            : previous.SqlChecksum != checksum ? SkipDecision.SqlChanged
            : !changed.IsEmpty ? SkipDecision.InputsChanged(changed.Select(id => id.Split('.')[^1]))
            : !relationExists ? SkipDecision.Missing
            : null;
        if (reason is null)
        {
            _versions[unit.Node.UniqueId] = previous!.DataVersion;
            return new ChangeCheck(true, SkipDecision.UpToDate, checksum, inputs);
        }

        // Only an input change leaves the node's SQL as it last succeeded: what a test may narrow its check by.
        var inputsOnly = reason.StartsWith("inputs changed", StringComparison.Ordinal);
        return new ChangeCheck(false, reason, checksum, inputs) { ChangedInputs = inputsOnly ? changed : [], SqlAsBuilt = inputsOnly };
    }

    /// <summary>Before a node changes its relation: its record goes, so a build killed half-way cannot leave a stale one.</summary>
    public async Task BeforeBuildAsync(BuildUnit unit, IWarehouseSession session, CancellationToken cancellationToken)
    {
        if (unit.Node.Type == ResourceType.Test || !_previous.ContainsKey(unit.Node.UniqueId))
        {
            return;
        }

        if (_store.ForgetStatement is { } forget)
        {
            await session.QueryAsync(forget, [new QueryParameter("id", "text", unit.Node.UniqueId)], 0, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _store.ForgetAsync(unit.Node.UniqueId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Records what a node that ran was built from; a node that did not succeed keeps no record.</summary>
    public void Finished(BuildUnit unit, ChangeCheck check, NodeResult result, bool contentsUnchanged)
    {
        var id = unit.Node.UniqueId;
        var succeeded = result.Status is NodeStatus.Success or NodeStatus.Pass;
        if (!succeeded)
        {
            _versions[id] = "changed:" + _buildToken;
            _changes[id] = null;
            return;
        }

        var previous = _previous.GetValueOrDefault(id);
        // A test or a dashboard's check is read by nothing: it has no data version.
        var version = unit.Node.Type is ResourceType.Test or ResourceType.Exposure ? string.Empty
            : unit.Node.Materialized == Core.Project.Materializations.View ? "view:" + Hash(check.SqlChecksum + "\n" + check.Inputs)
            : contentsUnchanged && previous is not null ? previous.DataVersion
            : $"build:{_buildToken}";
        _versions[id] = version;
        _changes[id] = new NodeState(check.SqlChecksum, check.Inputs, version);
    }

    /// <summary>A node's data version after this build (up to date: the recorded one), or null when it did not take part.</summary>
    public string? DataVersion(string uniqueId) => _versions.GetValueOrDefault(uniqueId);

    /// <summary>The tables' row counts recorded with the data version they were counted at.</summary>
    public Task<IReadOnlyDictionary<string, RecordedRowCount>> RecordedRowCountsAsync(CancellationToken cancellationToken) =>
        _store.ReadRowCountsAsync(cancellationToken);

    public Task RecordRowCountsAsync(IReadOnlyDictionary<string, RecordedRowCount> counts, CancellationToken cancellationToken) =>
        _store.SaveRowCountsAsync(counts, cancellationToken);

    /// <summary>Writes the records of this build's nodes and removes those of nodes that did not succeed.</summary>
    public Task SaveAsync(CancellationToken cancellationToken) =>
        _changes.IsEmpty ? Task.CompletedTask : _store.SaveAsync(_changes.ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal), cancellationToken);

    private string Inputs(GraphNode node)
    {
        var inputs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(node.DependsOn);
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (!seen.Add(id) || !_graph.Nodes.TryGetValue(id, out var parent))
            {
                continue;
            }

            if (parent.IsEphemeral)
            {
                // Inlined into the node's SQL: what it reads is what the node reads.
                foreach (var grandparent in parent.DependsOn)
                {
                    stack.Push(grandparent);
                }

                continue;
            }

            inputs[id] = VersionOf(parent);
        }

        return string.Join("\n", inputs.Select(i => $"{i.Key}={i.Value}"));
    }

    private string VersionOf(GraphNode node)
    {
        if (node.Type == ResourceType.Source)
        {
            return node.Relation is { } relation && _sourceVersions.TryGetValue($"{relation.Schema}.{relation.Identifier}", out var position)
                ? "cdc:" + position
                : "unknown:" + _buildToken;
        }

        return _versions.TryGetValue(node.UniqueId, out var version) ? version
            : _previous.TryGetValue(node.UniqueId, out var state) ? state.DataVersion
            : "unknown:" + _buildToken;
    }

    private static IEnumerable<string> ChangedInputs(string before, string after)
    {
        var old = Parse(before);
        var now = Parse(after);
        return now.Where(n => old.GetValueOrDefault(n.Key) != n.Value).Select(n => n.Key)
            .Concat(old.Keys.Where(k => !now.ContainsKey(k)));
    }

    private static Dictionary<string, string> Parse(string inputs) => inputs.Length == 0 ? []
        : inputs.Split('\n').Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.Ordinal);

    /// <summary>What the node runs: its relation, compiled SQL and hooks (or its definition), and the config that changes how it is built.</summary>
    private static string SqlChecksum(BuildUnit unit, string? checks)
    {
        var node = unit.Node;
        var text = new StringBuilder()
            .Append(ResourceTypes.Name(node.Type)).Append('\n')
            .Append(node.Materialized).Append('\n')
            .Append(node.Relation?.ToString()).Append('\n');
        if (checks is not null)
        {
            text.Append("checks:").Append(checks).Append('\n');
        }

        if (unit.Compiled?.Definition is { } definition)
        {
            // Without this run's own values (run_started_at, the is_incremental() branch taken): those alone are no change.
            text.Append("definition:").Append(definition).Append('\n');
        }
        else
        {
            text.Append(unit.Compiled?.Sql).Append('\n');
            foreach (var hook in unit.Compiled?.PreHooks ?? node.Config?.PreHook ?? [])
            {
                text.Append("pre:").Append(hook).Append('\n');
            }

            foreach (var hook in unit.Compiled?.PostHooks ?? node.Config?.PostHook ?? [])
            {
                text.Append("post:").Append(hook).Append('\n');
            }
        }

        if (node.Config is { } config)
        {
            text.Append(string.Join(",", config.UniqueKey)).Append('|').Append(config.IncrementalStrategy).Append('|')
                .Append(config.OnSchemaChange).Append('|').Append(config.Strategy).Append('|').Append(config.UpdatedAt).Append('|')
                .Append(string.Join(",", config.CheckCols)).Append('|').Append(config.HardDeletes).Append('|')
                .Append(string.Join(",", config.ColumnTypes.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}:{c.Value}"))).Append('\n');
        }

        if (node.TestConfig is { } test)
        {
            text.Append(CultureInfo.InvariantCulture, $"{test.Severity}|{test.Where}|{test.Limit}|{test.WarnIf}|{test.ErrorIf}|{test.StoreFailures}|{test.IncrementalScope}\n");
        }

        if (node.Type == ResourceType.Seed && File.Exists(node.FilePath))
        {
            text.Append("file:").Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(node.FilePath))));
        }

        return Hash(text.ToString());
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
