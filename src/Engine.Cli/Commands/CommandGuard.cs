using System.CommandLine;
using Engine.Cli.Output;
using Engine.Core.Diagnostics;
using Engine.Warehouse;
using Engine.Warehouse.Postgres.LocalCluster;

namespace Engine.Cli.Commands;

/// <summary>
/// Runs a verb and maps what escapes it to an exit code: project problems print as diagnostics and exit 2,
/// with no stack trace unless --debug.
/// </summary>
public static class CommandGuard
{
    public static void SetAction(Command command, Func<ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction(async (result, token) =>
        {
            var debug = result.GetValue(GlobalOptions.Debug);
            try
            {
                return await action(result, token).ConfigureAwait(false);
            }
            catch (ProjectException e)
            {
                DiagnosticPrinter.Print(e.Diagnostics);
                return ExitCodes.BadProject;
            }
            catch (ResourceBusyException e)
            {
                Console.Error.WriteLine($"error {e.Code}: {e.Message}");
                return ExitCodes.RunFailed;
            }
            catch (LocalPostgresException e)
            {
                DiagnosticPrinter.Print([e.ToDiagnostic()]);
                return ExitCodes.BadProject;
            }
            catch (WarehouseConnectionException e) when (!debug)
            {
                Console.Error.WriteLine($"error {WarehouseErrorCodes.For(e.Kind)}: {e.Message}");
                return WarehouseErrorCodes.IsConfiguration(e.Kind) ? ExitCodes.BadProject : ExitCodes.RunFailed;
            }
            catch (WarehouseStatementException e) when (!debug)
            {
                Console.Error.WriteLine($"error {WarehouseErrorCodes.For(e.Kind) ?? DiagnosticCodes.WarehouseStatement}: {(WarehouseErrorCodes.Describe(e.Kind) is { } what ? what + ": " : string.Empty)}{e.Message}");
                return ExitCodes.RunFailed;
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("cancelled");
                return ExitCodes.RunFailed;
            }
            catch (Exception e) when (!debug)
            {
                Console.Error.WriteLine($"error ENG9999: internal error: {e.Message} (run with --debug for details)");
                return ExitCodes.RunFailed;
            }
        });
}
