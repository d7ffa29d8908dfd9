using Engine.Core.Project;
using Engine.Runtime.Changes;
using Engine.Runtime.Dashboards;
using Engine.Runtime.DataTests;
using Engine.Runtime.Materializations;
using Engine.Runtime.Seeds;
using Engine.Warehouse;

namespace Engine.Runtime.Execution;

/// <summary>
/// Executes a <see cref="BuildPlan"/> on up to <see cref="BuildOptions.Threads"/> sessions at once. A unit starts
/// when everything it waits for succeeded; when a unit errors (or an error-severity test fails) everything
/// downstream of it is skipped, and with --fail-fast the whole build stops.
/// </summary>
public sealed class BuildRunner
{
    private readonly BuildContext _context;
    private readonly IBuildObserver _observer;
    private readonly Stack<(IWarehouseSession Session, int Slot)> _idle = new();
    private int _opened;
    private Task? _spare;

    public BuildRunner(BuildContext context, IBuildObserver observer)
    {
        _context = context;
        _observer = observer;
    }

    public async Task<IReadOnlyList<NodeResult>> RunAsync(BuildPlan plan, CancellationToken cancellationToken)
    {
        var total = plan.Units.Length;
        var waiting = plan.Units.ToDictionary(u => u, u => u.Upstream.Count);
        var ready = new PriorityQueue<BuildUnit, (int, int)>();
        var done = new HashSet<BuildUnit>();
        var running = new Dictionary<Task<NodeResult>, (BuildUnit Unit, int Index)>();
        var results = new List<NodeResult>(total);
        var index = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stopReason = (string?)null;

        void Enqueue(BuildUnit unit) => ready.Enqueue(unit, (unit.Node.Type == ResourceType.Test ? 0 : 1, unit.Order));

        void Release(BuildUnit unit)
        {
            foreach (var child in unit.Downstream.Where(c => !done.Contains(c)))
            {
                if (--waiting[child] == 0)
                {
                    Enqueue(child);
                }
            }
        }

        void Finish(NodeResult result, int at)
        {
            results.Add(result);
            _observer.NodeFinished(result, at, total);
        }

        foreach (var unit in plan.Units.Where(u => u.Upstream.Count == 0))
        {
            Enqueue(unit);
        }

        try
        {
            while (ready.Count > 0 || running.Count > 0)
            {
                while (stopReason is null && ready.Count > 0 && running.Count < Math.Max(1, _context.Options.Threads))
                {
                    var unit = ready.Dequeue();
                    var at = ++index;
                    var check = _context.Changes?.Check(
                        unit,
                        unit.Node.Relation is not { } relation || unit.Node.Type == ResourceType.Test || _context.RelationExists(relation),
                        unit.Node.Type == ResourceType.Exposure && _context.Dashboards.GetValueOrDefault(unit.Node.UniqueId) is { } dashboard ? DashboardValidator.Checks(dashboard) : null);
                    if (check is { Skip: true })
                    {
                        // Up to date: reported and released at once, without a session.
                        done.Add(unit);
                        var now = DateTimeOffset.UtcNow;
                        Finish(new NodeResult(unit.Node, NodeStatus.Skipped, check.Reason) { UpToDate = true, Decision = check.Reason, StartedAt = now, CompletedAt = now, CompiledSql = unit.Compiled?.Sql }, at);
                        Release(unit);
                        continue;
                    }

                    _observer.NodeStarted(unit, at, total);
                    running[Task.Run(() => LeaseAndExecuteAsync(unit, check, stop.Token), CancellationToken.None)] = (unit, at);
                }

                if (running.Count == 0)
                {
                    break;
                }

                var finished = await Task.WhenAny(running.Keys).ConfigureAwait(false);
                var (finishedUnit, finishedIndex) = running[finished];
                running.Remove(finished);
                var result = await finished.ConfigureAwait(false);
                done.Add(finishedUnit);
                Finish(result, finishedIndex);
                if (result.BlocksDownstream)
                {
                    foreach (var skipped in Downstream(finishedUnit).Where(u => done.Add(u)))
                    {
                        Finish(Skipped(skipped, $"skipped: upstream {finishedUnit.Node.Name} {(result.Status == NodeStatus.Fail ? "failed its test" : "had an error")}"), ++index);
                    }

                    if (_context.Options.FailFast && stopReason is null && result.Status is NodeStatus.Error or NodeStatus.Fail)
                    {
                        stopReason = $"skipped: --fail-fast after {finishedUnit.Node.Name} failed";
                        await stop.CancelAsync().ConfigureAwait(false);
                    }
                }
                else
                {
                    Release(finishedUnit);
                }
            }

            if (cancellationToken.IsCancellationRequested)
            {
                stopReason ??= "skipped: the build was cancelled";
            }

            foreach (var unit in plan.Units.Where(u => done.Add(u)))
            {
                Finish(Skipped(unit, stopReason ?? "skipped: upstream did not run"), ++index);
            }
        }
        finally
        {
            if (_spare is { } spare)
            {
                await spare.ConfigureAwait(false);
            }

            while (_idle.Count > 0)
            {
                await _idle.Pop().Session.DisposeAsync().ConfigureAwait(false);
            }
        }

        return results;
    }

    private static NodeResult Skipped(BuildUnit unit, string message) =>
        new(unit.Node, NodeStatus.Skipped, message) { StartedAt = DateTimeOffset.UtcNow, CompletedAt = DateTimeOffset.UtcNow };

    private static IEnumerable<BuildUnit> Downstream(BuildUnit unit)
    {
        var seen = new HashSet<BuildUnit>();
        var stack = new Stack<BuildUnit>(unit.Downstream);
        while (stack.Count > 0)
        {
            var next = stack.Pop();
            if (seen.Add(next))
            {
                yield return next;
                foreach (var child in next.Downstream)
                {
                    stack.Push(child);
                }
            }
        }
    }

    /// <summary>
    /// In the node's own task: the sessions of nodes that start together are opened side by side, not one after the other
    /// before each node may start.
    /// </summary>
    private async Task<NodeResult> LeaseAndExecuteAsync(BuildUnit unit, ChangeCheck? check, CancellationToken cancellationToken)
    {
        (IWarehouseSession Session, int Slot) lease;
        try
        {
            lease = await LeaseAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // --fail-fast stopped the build while this node's session was opening: reported like a node cancelled running.
            var now = DateTimeOffset.UtcNow;
            return new NodeResult(unit.Node, NodeStatus.Error, "cancelled") { StartedAt = now, CompletedAt = now };
        }

        return await ExecuteAsync(unit, check, lease, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(IWarehouseSession Session, int Slot)> LeaseAsync(CancellationToken cancellationToken)
    {
        lock (_idle)
        {
            if (_idle.Count > 0)
            {
                return _idle.Pop();
            }

            // Beside the build's first sessions, one more connection for the pool: an adapter's look-ups on a connection of
            // their own (the views over a relation it swaps) would otherwise open it on the build's critical path, as every
            // connection the build holds is leased by then.
            _spare ??= SpareAsync(cancellationToken);
        }

        var session = await _context.Warehouse.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        if (_context.Warehouse.Sql.SessionSetup(_context.Options.Threads) is { } setup)
        {
            await session.ExecuteAsync(setup, cancellationToken).ConfigureAwait(false);
        }

        return (session, Interlocked.Increment(ref _opened));
    }

    private async Task SpareAsync(CancellationToken cancellationToken)
    {
        try
        {
            var session = await _context.Warehouse.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
            await session.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is WarehouseConnectionException or OperationCanceledException)
        {
            // Only a head start: the look-up that needs a connection opens its own and reports what fails.
        }
    }

    private async Task<NodeResult> ExecuteAsync(BuildUnit unit, ChangeCheck? check, (IWarehouseSession Session, int Slot) lease, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var context = new NodeContext(unit, lease.Session, _context, cancellationToken) { Change = check };
        var keep = true;
        NodeResult result;
        try
        {
            if (check is not null)
            {
                await _context.Changes!.BeforeBuildAsync(unit, lease.Session, cancellationToken).ConfigureAwait(false);
            }

            result = unit.Node.IsUnitTest
                ? await UnitTestExecutor.RunAsync(context).ConfigureAwait(false)
                : unit.Node.Type == ResourceType.Test
                ? await DataTestExecutor.RunAsync(context).ConfigureAwait(false)
                : unit.Node.Type == ResourceType.Exposure
                ? await DashboardValidator.RunAsync(context).ConfigureAwait(false)
                : new NodeResult(unit.Node, NodeStatus.Success, await BuildAsync(unit, context).ConfigureAwait(false));
        }
        catch (Exception e) when (e is NodeFailure or SeedFormatException or WarehouseStatementException or OperationCanceledException)
        {
            await lease.Session.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            keep = e is not OperationCanceledException;
            var message = e switch
            {
                OperationCanceledException => "cancelled",
                WarehouseStatementException statement => WarehouseErrorCodes.Prefix(statement.Kind) + statement.Message,
                _ => e.Message,
            };
            result = new NodeResult(unit.Node, NodeStatus.Error, message) { BadInput = e is SeedFormatException || (e as NodeFailure)?.BadInput == true };
        }
        catch (WarehouseConnectionException e)
        {
            // The connection broke: this session is not reused.
            keep = false;
            result = new NodeResult(unit.Node, NodeStatus.Error, $"{WarehouseErrorCodes.For(e.Kind)} {e.Message}");
        }

        if (keep)
        {
            lock (_idle)
            {
                _idle.Push(lease);
            }
        }
        else
        {
            await lease.Session.DisposeAsync().ConfigureAwait(false);
        }

        result = result with
        {
            StartedAt = started,
            CompletedAt = DateTimeOffset.UtcNow,
            ThreadId = $"Thread-{lease.Slot}",
            Response = result.Response ?? context.Response?.ToString(),
            RowsAffected = result.RowsAffected ?? context.Response?.RowsAffected,
            CompiledSql = unit.Compiled?.Sql,
            Warnings = [.. context.Warnings],
            Decision = check is null ? null
                : context.ContentsUnchanged ? $"{check.Reason}; {KeptBecause(unit)}"
                : result.Scoped ? $"{check.Reason}; checked the rows the incremental run wrote"
                : check.Reason,
        };
        if (check is not null)
        {
            _context.Changes!.Finished(unit, check, result, context.ContentsUnchanged);
        }

        return result;
    }

    private static string KeptBecause(BuildUnit unit) => unit.Node.Materialized switch
    {
        Core.Project.Materializations.View => SkipDecision.ViewUnchanged,
        Core.Project.Materializations.Incremental => SkipDecision.NothingWritten,
        _ => SkipDecision.Unchanged,
    };

    private static async Task<string> BuildAsync(BuildUnit unit, NodeContext context)
    {
        var message = await For(unit).BuildAsync(context).ConfigureAwait(false);
        await DocsAndGrants.ApplyAsync(context).ConfigureAwait(false);
        return message;
    }

    private static IMaterialization For(BuildUnit unit) => unit.Node.Type switch
    {
        ResourceType.Seed => new SeedMaterialization(),
        ResourceType.Snapshot => new SnapshotMaterialization(),
        _ => unit.Node.Materialized switch
        {
            Core.Project.Materializations.View => new ViewMaterialization(),
            Core.Project.Materializations.Incremental => new IncrementalMaterialization(),
            Core.Project.Materializations.MaterializedView => new MaterializedViewMaterialization(),
            _ => new TableMaterialization(),
        },
    };
}
