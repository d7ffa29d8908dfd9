using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Engine.Connectors.Cdc;
using Engine.Core.Diagnostics;
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
            var timings = new List<(string Step, TimeSpan Elapsed, int Exit)>();
            var exit = ExitCodes.Success;
            foreach (var step in steps)
            {
                Console.WriteLine($"==> {step}");
                var clock = Stopwatch.StartNew();
                exit = step switch
                {
                    "extract" => await ExtractCommand.ExecuteAsync(session, ExtractCommand.Request(result.GetValue(partition), null, null), token).ConfigureAwait(false),
                    "sync" => await SyncAsync(session, token).ConfigureAwait(false),
                    _ => await BuildCommand.ExecuteAsync(session, result, "run", BuildCommand.Everything, token).ConfigureAwait(false),
                };
                timings.Add((step, clock.Elapsed, exit));
                if (exit != ExitCodes.Success)
                {
                    break;
                }
            }

            Console.WriteLine();
            Console.WriteLine("Pipeline summary:");
            foreach (var (step, elapsed, code) in timings)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {step,-8} {(code == ExitCodes.Success ? "ok" : "FAILED"),-7} {elapsed.TotalSeconds,7:F2}s"));
            }

            foreach (var step in steps.Skip(timings.Count))
            {
                Console.WriteLine($"  {step,-8} skipped");
            }

            return exit;
        }));
        return command;
    }

    private static async Task<int> SyncAsync(ProjectSession session, CancellationToken token)
    {
        await SyncCommand.ExecuteAsync(session, ProjectCdc.Settings(session.Definition, null), CdcMode.Drain, reset: false, token).ConfigureAwait(false);
        return ExitCodes.Success;
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
