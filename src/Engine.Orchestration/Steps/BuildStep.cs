using Engine.Core.Project;
using Engine.Orchestration.Pipeline;
using Engine.Orchestration.State;
using Engine.Runtime.Execution;
using Engine.Runtime.Sessions;
using Npgsql;

namespace Engine.Orchestration.Steps;

/// <summary><c>build</c>: seeds, models and snapshots in DAG order, each followed by its tests.</summary>
public sealed class BuildStep : IPipelineStep
{
    public const string StepName = "build";

    public string Name => StepName;

    public async Task<StepResult> RunAsync(StepContext context)
    {
        var (session, options, observer, token) = context;
        var build = options.Build with { Threads = options.Threads ?? session.Target.Threads };
        if (build.NodeStates is null && await NodeStatesAsync(session, observer, token).ConfigureAwait(false) is { } store)
        {
            // Every build records what each node was built from, so a later one can skip what is up to date.
            build = build with { NodeStates = store };
        }

        observer.BuildStarting(session.Target, build.Threads);
        var outcome = await ProjectBuild.RunAsync(session, build, observer.Build, options.Command, token).ConfigureAwait(false);
        var status = outcome.BadInput ? StepStatus.BadInput : outcome.Failed ? StepStatus.Failed : StepStatus.Succeeded;
        return new StepResult(Name, status, TimeSpan.Zero, Describe(outcome)) { Build = outcome };
    }

    /// <summary>
    /// The store of node states, or null where none can be kept: a target that is not PostgreSQL, or a read-only
    /// database, where the build still runs (and fails its nodes with the read-only error), skipping nothing.
    /// </summary>
    private static async Task<StateStore?> NodeStatesAsync(ProjectSession session, IPipelineObserver observer, CancellationToken token)
    {
        try
        {
            return await StateStore.TryOpenAsync(session, TimeProvider.System, token).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction)
        {
            observer.Notice($"target '{session.Target.Name}' is read-only: no node states are kept, so nothing is skipped as up to date");
            return null;
        }
    }

    /// <summary>What a build did, in one line: models built and tests passed out of those run.</summary>
    public static string Describe(BuildOutcome outcome)
    {
        var tests = outcome.Results.Where(r => r.Node.Type == ResourceType.Test).ToList();
        var nodes = outcome.Results.Where(r => r.Node.Type != ResourceType.Test).ToList();
        var passed = tests.Count(t => t.Status == NodeStatus.Pass);
        var warned = tests.Count(t => t.Status == NodeStatus.Warn);
        var failed = tests.Count(t => t.Status is NodeStatus.Fail or NodeStatus.Error);
        var built = nodes.Count(n => n.Status == NodeStatus.Success);
        var text = $"{built} of {nodes.Count} nodes built, {passed} of {tests.Count} tests passed";
        if (warned > 0)
        {
            text += $", {warned} warned";
        }

        if (failed > 0)
        {
            text += $", {failed} failed";
        }

        var upToDate = outcome.Results.Count(r => r.UpToDate);
        if (upToDate > 0)
        {
            text += $", {upToDate} up to date";
        }

        var skipped = outcome.Results.Count(r => r.Status == NodeStatus.Skipped && !r.UpToDate);
        return skipped > 0 ? $"{text}, {skipped} skipped" : text;
    }
}
