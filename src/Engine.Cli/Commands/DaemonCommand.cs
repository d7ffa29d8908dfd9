using System.CommandLine;
using Engine.Cli.Composition;
using Engine.Cli.Output;
using Engine.Orchestration.Daemon;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine daemon [--once]</c>: fires due schedules (recorded as schedule runs), builds the models whose automation
/// condition holds, and checks the freshness of sources and models, every minute, or once with <c>--once</c> (for cron
/// and CI). Exit 1 when a run it started failed.
/// </summary>
public static class DaemonCommand
{
    public static Command Create()
    {
        var once = new Option<bool>("--once") { Description = "Evaluate one tick and exit" };
        var command = new Command("daemon", "Run due schedules and check freshness, every minute (or once with --once)");
        command.Options.Add(once);
        command.Options.Add(RunCommand.NoWait);
        BuildCommand.AddOptions(command);
        CommandGuard.SetAction(command, (result, token) => StravaErrors.GuardAsync(async () =>
        {
            var session = GlobalOptions.Open(result);
            if (BuildCommand.Options(result, "daemon", BuildCommand.Everything, countRows: false) is not { } options)
            {
                return ExitCodes.BadProject;
            }

            options = options with { StravaStandIn = StravaSandboxStandIn.StartAsync, WaitForOtherRuns = !result.GetValue(RunCommand.NoWait) };
            var observer = BuildCommand.Observer(result, announceSteps: true);
            if (result.GetValue(once))
            {
                var report = await DaemonTick.RunOnceAsync(session, options, observer, TimeProvider.System, token).ConfigureAwait(false);
                StatusOutput.PrintTick(Console.Out, report);
                return report.Succeeded ? ExitCodes.Success : ExitCodes.RunFailed;
            }

            await DaemonLoop.RunAsync(session, options, observer, TimeProvider.System, report => StatusOutput.PrintTick(Console.Out, report), token).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
