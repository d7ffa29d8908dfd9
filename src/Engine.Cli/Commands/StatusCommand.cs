using System.CommandLine;
using Engine.Cli.Output;
using Engine.Orchestration.Status;

namespace Engine.Cli.Commands;

/// <summary><c>engine status</c>: every asset with its last run and success, source freshness, and each schedule's next tick.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var command = new Command("status", "Show every asset (sources, models) with its last success and freshness, and the next tick of each schedule");
        CommandGuard.SetAction(command, async (result, token) =>
        {
            var status = await StatusReader.ReadAsync(GlobalOptions.Open(result), TimeProvider.System, token).ConfigureAwait(false);
            StatusOutput.PrintStatus(Console.Out, status);
            return ExitCodes.Success;
        });
        return command;
    }
}
