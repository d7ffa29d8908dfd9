using System.CommandLine;
using System.Diagnostics;
using Engine.Cli.Output;
using Engine.Connectors.Cdc;
using Engine.Core.Diagnostics;
using Engine.Runtime.Execution;
using Engine.Runtime.Sessions;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine run</c>: the pipeline. Runs the steps listed under <c>steps:</c> in pipeline.yml, in order
/// (<c>extract</c>: Strava into staging; <c>sync</c>: CDC into the warehouse; <c>build</c>: models and tests),
/// stopping at the first step that fails. Without <c>steps:</c> it builds.
/// </summary>
public static class RunCommand
{
    private static readonly string[] KnownSteps = ["extract", "sync", "build"];

    public static Command Create()
    {
        var partition = new Option<string?>("--partition") { Description = "One UTC day, YYYY-MM-DD, passed to the extract step" };
        var command = new Command("run", "Run the pipeline: the steps of pipeline.yml (extract -> sync -> build), then a summary");
        command.Options.Add(partition);
        BuildCommand.AddOptions(command);
        CommandGuard.SetAction(command, (result, token) => StravaErrors.GuardAsync(async () =>
        {
            var session = ProjectSession.Open(GlobalOptions.Bind(result) with { FullRefresh = result.GetValue(BuildCommand.FullRefresh) });
            var steps = Steps(session);
            var done = new List<PipelineStep>();
            BuildOutcome? build = null;
            foreach (var step in steps)
            {
                Console.WriteLine($"==> {step}");
                var clock = Stopwatch.StartNew();
                int exit;
                string detail;
                switch (step)
                {
                    case "extract":
                        var extracted = await ExtractCommand.RunAsync(session, ExtractCommand.Request(result.GetValue(partition), null, null), token).ConfigureAwait(false);
                        exit = extracted.Complete ? ExitCodes.Success : ExitCodes.RunFailed;
                        detail = $"{extracted.Activities:N0} activities ({extracted.Inserted:N0} new, {extracted.Updated:N0} changed), {extracted.Requests} requests";
                        break;
                    case "sync":
                        var synced = await SyncCommand.ExecuteAsync(session, ProjectCdc.Settings(session.Definition, null), CdcMode.Drain, reset: false, token).ConfigureAwait(false);
                        exit = ExitCodes.Success;
                        detail = $"{synced.Sum(s => s.SnapshotRows):N0} snapshot rows, {synced.Sum(s => s.Applied.Inserted):N0} inserts, " +
                            $"{synced.Sum(s => s.Applied.Updated):N0} updates, {synced.Sum(s => s.Applied.Deleted):N0} deletes";
                        break;
                    default:
                        (exit, build) = await BuildCommand.ExecuteAsync(session, result, "run", BuildCommand.Everything, countRows: true, token).ConfigureAwait(false);
                        detail = build is null ? "not run" : PipelineSummary.Describe(build);
                        break;
                }

                done.Add(new PipelineStep(step, clock.Elapsed, exit, detail));
                if (exit != ExitCodes.Success)
                {
                    break;
                }
            }

            PipelineSummary.Print(Console.Out, done, steps.Skip(done.Count), build);
            return done.Count == 0 ? ExitCodes.Success : done[^1].Exit;
        }));
        return command;
    }

    /// <summary>The <c>steps:</c> of pipeline.yml, checked: a list of extract, sync and build.</summary>
    private static IReadOnlyList<string> Steps(ProjectSession session)
    {
        var config = session.Definition.Config;
        if (!config.Orchestration.TryGetValue("steps", out var raw) || raw is null)
        {
            return ["build"];
        }

        if (raw is not IEnumerable<object?> list || list.Any(s => s is not string name || !KnownSteps.Contains(name)))
        {
            throw new ProjectException(DiagnosticCodes.InvalidValue,
                $"steps must be a list of {string.Join(", ", KnownSteps)} (in the order to run them), e.g. steps: [extract, sync, build]",
                config.Location);
        }

        return [.. list.Cast<string>()];
    }
}
