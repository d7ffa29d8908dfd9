using System.CommandLine;
using Engine.Cli.Composition;
using Engine.Cli.Output;
using Engine.Orchestration.Backfills;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine backfill --from KEY --to KEY</c>: the pipeline over a range of partitions, in runs of consecutive
/// partitions, resumable after a kill (run the same command again), with a progress line and an ETA.
/// </summary>
public static class BackfillCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "The first partition key (e.g. 2024-01-01)", Required = true };
        var to = new Option<string>("--to") { Description = "The last partition key, included", Required = true };
        var partitions = new Option<string?>("--partitions") { Description = "The partitions definition of pipeline.yml (needed when it declares several)" };
        var missingOnly = new Option<bool>("--missing-only") { Description = "Skip partitions a successful run already processed" };
        var maxPerRun = new Option<int?>("--max-partitions-per-run") { Description = "At most N consecutive partitions per run (default: one run per stretch)" };
        var command = new Command("backfill", "Run the pipeline over a range of partitions, resumable after a kill");
        foreach (var option in new Option[] { from, to, partitions, missingOnly, maxPerRun, RunCommand.NoWait })
        {
            command.Options.Add(option);
        }

        BuildCommand.AddOptions(command);
        CommandGuard.SetAction(command, (result, token) => StravaErrors.GuardAsync(async () =>
        {
            if (result.GetValue(maxPerRun) is < 1 and var bad)
            {
                Console.Error.WriteLine($"error ENG0001: --max-partitions-per-run must be at least 1, not {bad}");
                return ExitCodes.BadProject;
            }

            var session = GlobalOptions.Open(result, result.GetValue(BuildCommand.FullRefresh));
            if (BuildCommand.Options(result, "backfill", BuildCommand.Everything, countRows: true) is not { } options)
            {
                return ExitCodes.BadProject;
            }

            options = options with { StravaStandIn = StravaSandboxStandIn.StartAsync, WaitForOtherRuns = !result.GetValue(RunCommand.NoWait) };
            var request = new BackfillRequest(result.GetValue(from)!, result.GetValue(to)!)
            {
                Partitions = result.GetValue(partitions),
                MissingOnly = result.GetValue(missingOnly),
                MaxPartitionsPerRun = result.GetValue(maxPerRun),
            };
            var outcome = await BackfillRunner.RunAsync(session, options, request, BuildCommand.Observer(result, announceSteps: true),
                new SynchronousProgress<BackfillProgress>(p => Console.Out.WriteLine(BackfillOutput.Line(p))), TimeProvider.System, token).ConfigureAwait(false);
            BackfillOutput.PrintSummary(Console.Out, outcome);
            return outcome.Deciding is { } deciding ? ExitCodes.For(deciding.Status) : ExitCodes.Success;
        }));
        return command;
    }
}
