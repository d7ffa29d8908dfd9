using System.CommandLine;
using Engine.Cli.Output;
using Engine.Orchestration.Freshness;
using Engine.Orchestration.State;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine freshness</c>: the freshness of every source table and model that declares it (the same evaluation as
/// <c>engine status</c> and the daemon), with how far past its threshold each stale one is; exit 1 when one is past
/// <c>error_after</c> or could not be checked. <c>--output json</c> prints the same results as JSON.
/// </summary>
public static class FreshnessCommand
{
    public static Command Create()
    {
        var output = OutputFormatOption.TextOrJson();
        var command = new Command("freshness", "Check the freshness of sources (sources.yml) and models (freshness config); exit 1 when one is past error_after");
        command.Options.Add(output);
        CommandGuard.SetAction(command, async (result, token) =>
        {
            var session = GlobalOptions.Open(result);
            var store = await StateStore.TryOpenAsync(session, TimeProvider.System, token).ConfigureAwait(false);
            var results = await FreshnessChecker.CheckAllAsync(session, store, TimeProvider.System, token).ConfigureAwait(false);
            if (result.GetValue(output) == "json")
            {
                using var stdout = Console.OpenStandardOutput();
                FreshnessOutput.PrintJson(stdout, results);
            }
            else
            {
                FreshnessOutput.Print(Console.Out, results, sourcesJson: null);
            }

            return results.Any(r => r.Status is FreshnessStatus.Error or FreshnessStatus.RuntimeError) ? ExitCodes.RunFailed : ExitCodes.Success;
        });
        return command;
    }
}
