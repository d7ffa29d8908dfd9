using System.CommandLine;
using System.Globalization;
using Engine.Cli.Output;
using Engine.Connectors.Cdc;
using Engine.Orchestration.Pipeline;
using Engine.Orchestration.Steps;
using Engine.Warehouse.Cdc;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine sync</c>: CDC from the staging database into the warehouse. Drains what is committed and exits;
/// <c>--follow</c> streams until interrupted; <c>--status</c> shows the slot; <c>--reset</c> resyncs from a fresh snapshot.
/// </summary>
public static class SyncCommand
{
    private static readonly Option<bool> Follow = new("--follow", "-f") { Description = "Keep streaming changes until interrupted (Ctrl+C)" };
    private static readonly Option<bool> Status = new("--status") { Description = "Show each source's replication slot, its lag in bytes, whether it is active, and the warehouse's position" };
    private static readonly Option<bool> Reset = new("--reset") { Description = "Drop the replication slot and the warehouse tables, and rebuild them from a fresh snapshot" };
    private static readonly Option<string?> Source = new("--source") { Description = "Only this source of sources.yml (default: every source with a 'cdc:' block)" };

    public static Command Create()
    {
        var command = new Command("sync", "Replicate staging tables into the warehouse by CDC (logical replication): initial snapshot, then changes");
        command.Options.Add(Follow);
        command.Options.Add(Status);
        command.Options.Add(Reset);
        command.Options.Add(Source);
        CommandGuard.SetAction(command, async (result, token) =>
        {
            var session = GlobalOptions.Open(result);
            if (result.GetValue(Status))
            {
                foreach (var settings in ProjectCdc.Settings(session.Definition, result.GetValue(Source)))
                {
                    var request = await ProjectCdc.RequestAsync(settings, session, CdcMode.Drain, reset: false, token).ConfigureAwait(false);
                    PrintStatus(await CdcSync.StatusAsync(request.Settings, request.SourceConnectionString, request.Sink, token).ConfigureAwait(false));
                }

                return ExitCodes.Success;
            }

            var options = new PipelineOptions
            {
                Command = "sync",
                SyncSource = result.GetValue(Source),
                SyncMode = result.GetValue(Follow) ? CdcMode.Follow : CdcMode.Drain,
                SyncReset = result.GetValue(Reset),
            };
            var context = new StepContext(session, options, new ConsolePipelineObserver(new ConsoleBuildReporter(), announceSteps: false), token);
            var step = await PipelineRunner.RunStepAsync(new SyncStep(), context).ConfigureAwait(false);
            return ExitCodes.For(step.Status);
        });
        return command;
    }

    private static void PrintStatus(CdcStatus status)
    {
        var s = status.Settings;
        Console.WriteLine($"source '{s.SourceName}': staging database {s.StagingDatabase}, publication {s.Publication}, warehouse schema {s.WarehouseSchema}");
        if (status.Slot is { } slot)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  slot {slot.Name}: {(slot.Active ? $"active (pid {slot.ActivePid})" : "inactive")}, lag {slot.LagBytes} bytes " +
                $"(confirmed {(slot.ConfirmedFlushLsn is { } c ? CdcLsn.Format(c) : "-")}, server at {CdcLsn.Format(slot.CurrentLsn)}), " +
                $"WAL retained {slot.RetainedBytes} bytes, wal_status {slot.WalStatus ?? "-"}"));
        }
        else
        {
            Console.WriteLine($"  slot {s.Slot}: does not exist (the next 'engine sync' creates it and takes the initial snapshot)");
        }

        Console.WriteLine(status.Checkpoint is { } cp
            ? string.Create(CultureInfo.InvariantCulture, $"  warehouse: applied up to {cp.Position}; snapshot at {cp.SnapshotPosition} taken {cp.SnapshotTakenAtUtc:u}")
            : "  warehouse: no snapshot yet");
        if (status.LagWarning is { } warning)
        {
            Console.WriteLine($"  warning ENG1705: {warning}");
        }
    }

    /// <summary>Progress lines on stderr, prefixed by the source, so stdout keeps only the summaries.</summary>
    private sealed class Progress(string source) : IProgress<string>
    {
        public void Report(string value) => Console.Error.WriteLine($"[{source}] {value}");
    }
}
