using System.CommandLine;
using Engine.Web.Serve;

namespace Engine.Cli.Commands;

/// <summary><c>engine serve</c>: docs, live dashboards, run history and asset status on one local web server.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var host = new Option<string>("--host") { Description = "The address to listen on (default 127.0.0.1: this machine only)", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "The port to listen on (default 8580)", DefaultValueFactory = _ => 8580 };
        var command = new Command("serve", "Serve the docs, the dashboards with live filters, run history and asset status (read-only)");
        command.Options.Add(host);
        command.Options.Add(port);
        CommandGuard.SetAction(command, async (result, token) =>
        {
            var session = GlobalOptions.Open(result);
            await using var webhooks = await StravaCommand.WebhooksAsync(session, token).ConfigureAwait(false);
            await using var server = await WebServer.StartAsync(session, result.GetValue(host)!, result.GetValue(port), Console.Out, token, webhooks?.Receiver).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: stop serving and exit normally.
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
