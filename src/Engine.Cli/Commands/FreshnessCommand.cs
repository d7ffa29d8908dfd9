using System.CommandLine;
using Engine.Cli.Output;
using Engine.Orchestration.Freshness;
using Engine.Orchestration.State;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine freshness</c>: the freshness of every source table and model that declares it (the same evaluation as
/// <c>engine status</c> and the daemon), with how far past its threshold each stale one is; exit 1 when one is past
/// <c>error_after</c> or could not be checked.
/// </summary>
public static class FreshnessCommand
{
    public static Command Create()
    {
        var command = new Command("freshness", "Check the freshness of sources (sources.yml) and models (freshness config); exit 1 when one is past error_after");
        CommandGuard.SetAction(command, async (result, token) =>
        {
            var session = GlobalOptions.Open(result);
            var store = await StateStore.TryOpenAsync(session, TimeProvider.System, token).ConfigureAwait(false);
            var results = await FreshnessChecker.CheckAllAsync(session, store, TimeProvider.System, token).ConfigureAwait(false);
            FreshnessOutput.Print(Console.Out, results, sourcesJson: null);
            return results.Any(r => r.Status is FreshnessStatus.Error or FreshnessStatus.RuntimeError) ? ExitCodes.RunFailed : ExitCodes.Success;
        });
        return command;
    }
}
