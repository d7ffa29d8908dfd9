using System.Collections.Immutable;
using Engine.Connectors.Cdc;
using Engine.Core.Diagnostics;
using Engine.Core.Project.Orchestration;
using Engine.Orchestration.Automation;
using Engine.Orchestration.Freshness;
using Engine.Orchestration.Partitions;
using Engine.Orchestration.Pipeline;
using Engine.Orchestration.Schedules;
using Engine.Orchestration.State;
using Engine.Orchestration.Steps;
using Engine.Runtime.Sessions;

namespace Engine.Orchestration.Daemon;

/// <summary>
/// One evaluation of the daemon (<c>engine daemon --once</c>): every schedule's due ticks run (as its catch_up says),
/// one at a time, each recorded with trigger <c>schedule</c>; each schedule's cursor then moves to now; then a sync of the
/// CDC sources whose slots hold changes (webhook events applied between schedules), when the project automates models; then the models
/// whose <c>automation</c> condition holds (eager, on_missing, on_cron: <see cref="AutomationEvaluator"/>) are built in
/// one run (trigger <c>automation</c>); finally the freshness of sources and models is checked
/// (<see cref="FreshnessChecker"/>, the same evaluation as <c>engine freshness</c> and <c>engine status</c>).
/// </summary>
public static class DaemonTick
{
    /// <param name="stopping">Asks the tick to start no further run (SIGTERM): the run in progress finishes, as <paramref name="cancellationToken"/> decides.</param>
    public static async Task<DaemonTickReport> RunOnceAsync(
        ProjectSession session, PipelineOptions options, IPipelineObserver observer, TimeProvider clock, CancellationToken cancellationToken,
        CancellationToken stopping = default)
    {
        var store = await StateStore.TryOpenAsync(session, clock, cancellationToken).ConfigureAwait(false)
            ?? throw new ProjectException(DiagnosticCodes.StateStoreFailed, $"target '{session.Target.Name}' is not PostgreSQL; the daemon keeps its state in the _engine schema of a PostgreSQL target", session.Target.Location);
        await store.MarkAbandonedAsync(RunOwner.Current, RunOwner.IsAlive, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var decisions = ImmutableArray.CreateBuilder<ScheduleDecision>();
        var runs = ImmutableArray.CreateBuilder<ScheduledRun>();
        foreach (var schedule in session.Definition.Config.Orchestration.Schedules)
        {
            var decision = ScheduleEvaluator.Evaluate(schedule, await store.LastTickAsync(schedule.Name, cancellationToken).ConfigureAwait(false), now);
            decisions.Add(decision);
            var started = 0;
            foreach (var tick in decision.ToRun.TakeWhile(_ => !stopping.IsCancellationRequested))
            {
                started++;
                if (await RunTickAsync(store, session, options, schedule, tick, observer, clock, cancellationToken).ConfigureAwait(false) is { } run)
                {
                    runs.Add(run);
                }
            }

            if (started < decision.ToRun.Length)
            {
                // Stopping: the cursor stays, so the next start runs the ticks this one did not.
                break;
            }

            // Moved on even when a run failed: the failure is in the history, and retrying every tick would hammer a broken source.
            await store.SetLastTickAsync(schedule.Name, decision.Cursor, cancellationToken).ConfigureAwait(false);
        }

        if (!stopping.IsCancellationRequested && await RunPendingSyncAsync(store, session, options, observer, clock, cancellationToken).ConfigureAwait(false) is { } synced)
        {
            runs.Add(synced);
        }

        if (!stopping.IsCancellationRequested && await RunAutomationAsync(store, session, options, observer, clock, cancellationToken).ConfigureAwait(false) is { } automated)
        {
            runs.Add(automated);
        }

        var freshness = await FreshnessChecker.CheckAllAsync(session, store, clock, cancellationToken).ConfigureAwait(false);
        return new DaemonTickReport(now, decisions.ToImmutable(), runs.ToImmutable(), freshness);
    }

    /// <summary>One build of the models whose automation condition holds (and nothing else), recorded with trigger <c>automation</c>; null when none is due.</summary>
    private static async Task<ScheduledRun?> RunAutomationAsync(
        StateStore store, ProjectSession session, PipelineOptions options, IPipelineObserver observer, TimeProvider clock, CancellationToken cancellationToken)
    {
        var history = await store.MaterializationsAsync(cancellationToken).ConfigureAwait(false);
        var due = AutomationEvaluator.Due(session.Parsed.Graph, history, clock.GetUtcNow());
        if (due.IsEmpty)
        {
            return null;
        }

        var names = due.Select(d => session.Parsed.Graph[d.UniqueId].Name).ToArray();
        observer.Notice($"automation: building {string.Join(", ", due.Select(d => $"{session.Parsed.Graph[d.UniqueId].Name} ({d.Condition}: {d.Reason})"))}");
        var runSession = ProjectSession.Open(session.Options with { Select = names, Exclude = [] }, session.Warehouses);
        var build = new StepDeclaration(BuildStep.StepName, SourceLocation.File("pipeline.yml"));
        var start = new RunStart(RunTrigger.Automation, "daemon") { Steps = [BuildStep.StepName] };
        var outcome = await RunRecorder.RunAsync(store, runSession, options with { Steps = [build] }, start, observer, clock, cancellationToken).ConfigureAwait(false);
        return new ScheduledRun(AutomationRunName(due), clock.GetUtcNow(), null, outcome);
    }

    /// <summary>
    /// A sync on its own (recorded with trigger <c>automation</c>, named <c>automation sync</c>) when a project with
    /// automated models has a CDC source whose slot holds changes: what the webhook worker wrote to staging between
    /// schedules reaches the warehouse, and eager models follow in the same tick. Null when nothing waits.
    /// </summary>
    private static async Task<ScheduledRun?> RunPendingSyncAsync(
        StateStore store, ProjectSession session, PipelineOptions options, IPipelineObserver observer, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!session.Parsed.Graph.Nodes.Values.Any(n => n.Config?.Automation is not null) || CdcSettingsReader.Read(session.Definition.Sources).IsEmpty)
        {
            return null;
        }

        var waiting = new List<string>();
        foreach (var settings in ProjectCdc.Settings(session.Definition, null))
        {
            var request = await ProjectCdc.RequestAsync(settings, session, CdcMode.Drain, false, cancellationToken).ConfigureAwait(false);
            if (await PendingChanges.AnyAsync(request, cancellationToken).ConfigureAwait(false))
            {
                waiting.Add(settings.SourceName);
            }
        }

        if (waiting.Count == 0)
        {
            return null;
        }

        observer.Notice($"automation: syncing {string.Join(", ", waiting)} (changes wait in staging)");
        var sync = new StepDeclaration(SyncStep.StepName, SourceLocation.File("pipeline.yml"));
        var start = new RunStart(RunTrigger.Automation, "daemon") { Steps = [SyncStep.StepName] };
        var outcome = await RunRecorder.RunAsync(store, session, options with { Steps = [sync], SyncMode = CdcMode.Drain }, start, observer, clock, cancellationToken).ConfigureAwait(false);
        return new ScheduledRun("automation sync", clock.GetUtcNow(), null, outcome);
    }

    /// <summary>"automation eager", or the conditions that started the run (e.g. "automation eager+on_cron").</summary>
    private static string AutomationRunName(ImmutableArray<AutomationDue> due) =>
        "automation " + string.Join('+', due.Select(d => d.Condition).Distinct(StringComparer.Ordinal));

    private static async Task<ScheduledRun?> RunTickAsync(
        StateStore store, ProjectSession session, PipelineOptions options, ScheduleDefinition schedule, DateTimeOffset tick, IPipelineObserver observer, TimeProvider clock, CancellationToken cancellationToken)
    {
        PartitionWindow? window = null;
        if (schedule.Partitions is { } name && schedule.Partition != SchedulePartition.None)
        {
            var definition = session.Definition.Config.Orchestration.Partitions[name];
            window = schedule.Partition == SchedulePartition.Previous ? PartitionWindow.LastClosedAt(definition, tick) : PartitionWindow.Containing(definition, tick);
            if (window is null)
            {
                observer.Notice($"schedule '{schedule.Name}': the tick at {tick:u} falls before partitions '{name}' start; nothing to run");
                return null;
            }
        }

        var runSession = schedule.Select.IsEmpty ? session : ProjectSession.Open(session.Options with { Select = [.. schedule.Select] }, session.Warehouses);
        var runOptions = options with
        {
            Steps = schedule.Steps.IsEmpty ? null : schedule.Steps,
            Extract = window is null ? options.Extract : options.Extract with { From = Day(window.Start), To = Day(window.End.AddTicks(-1)) },
        };
        var start = new RunStart(RunTrigger.Schedule, "daemon")
        {
            Schedule = schedule.Name,
            Steps = [.. (schedule.Steps.IsEmpty ? session.Definition.Config.Orchestration.Steps ?? [] : schedule.Steps).Select(s => s.Name)],
            PartitionKeys = window is null ? [] : [window.Key],
        };
        observer.Notice($"schedule '{schedule.Name}': running the tick of {tick.UtcDateTime:yyyy-MM-dd HH:mm} UTC{(window is null ? string.Empty : $" for partition {window.Key}")}");
        var outcome = await RunRecorder.RunAsync(store, runSession, runOptions, start, observer, clock, cancellationToken).ConfigureAwait(false);
        return new ScheduledRun(schedule.Name, tick, window?.Key, outcome);
    }

    /// <summary>The extract works in UTC days: a partition's window maps to the days it touches.</summary>
    private static DateOnly Day(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);
}
