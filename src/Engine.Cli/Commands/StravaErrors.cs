using Engine.Cli.Output;
using Engine.Connectors.Strava;
using Engine.Core.Diagnostics;

namespace Engine.Cli.Commands;

/// <summary>
/// Prints a <see cref="StravaExtractException"/> as a diagnostic: a configuration problem, exit 2; another extract
/// holding the staging lock is no fault of the project, exit 1.
/// </summary>
public static class StravaErrors
{
    public static async Task<int> GuardAsync(Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (StravaExtractException e)
        {
            DiagnosticPrinter.Print([Diagnostic.Error(e.Code, e.Message, null)]);
            return e.Code == DiagnosticCodes.StravaExtractBusy ? ExitCodes.RunFailed : ExitCodes.BadProject;
        }
    }
}
