using System.CommandLine;
using System.Net;
using Engine.Connectors.Strava;
using Engine.Connectors.Strava.Webhooks;
using Engine.Core.Diagnostics;
using Engine.Web.Serve;
using Npgsql;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine strava subscribe|unsubscribe|subscription|listen</c>: Strava's push subscription for this application and
/// the receiver of its events. The verify token comes from the settings (<c>STRAVA__WEBHOOK_VERIFY_TOKEN</c>), never
/// from the command line, so it stays out of shell history and process lists.
/// </summary>
public static class StravaCommand
{
    public const string VerifyTokenSetting = "WEBHOOK_VERIFY_TOKEN";

    public static Command Create()
    {
        var strava = new Command("strava", "Strava webhooks: the push subscription and its receiver");
        strava.Subcommands.Add(Subscribe());
        strava.Subcommands.Add(Unsubscribe());
        strava.Subcommands.Add(Subscription());
        strava.Subcommands.Add(Listen());
        return strava;
    }

    private static Command Subscribe()
    {
        var callback = new Option<string>("--callback-url") { Description = "The public URL of 'engine strava listen' (or 'engine serve'), ending in /strava/webhook", Required = true };
        var command = new Command("subscribe", "Create the application's push subscription; Strava validates the callback first, so the receiver must be running");
        command.Options.Add(callback);
        CommandGuard.SetAction(command, (result, token) => StravaErrors.GuardAsync(async () =>
        {
            if (!Uri.TryCreate(result.GetValue(callback), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                throw new StravaExtractException(DiagnosticCodes.StravaExtractOption, $"--callback-url '{result.GetValue(callback)}' is not an http(s) URL");
            }

            await using var extractor = await OpenAsync(result, token).ConfigureAwait(false);
            var verifyToken = VerifyToken(result);
            using var client = new PushSubscriptionClient(extractor.Options.Credentials);
            var created = await client.CreateAsync(url, verifyToken, token).ConfigureAwait(false);
            await SaveAsync(extractor, created.Id, created.CallbackUrl, token).ConfigureAwait(false);
            Console.WriteLine($"subscribed: push subscription {created.Id} delivers to {created.CallbackUrl}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Unsubscribe()
    {
        var command = new Command("unsubscribe", "Delete the application's push subscription");
        CommandGuard.SetAction(command, (result, token) => StravaErrors.GuardAsync(async () =>
        {
            await using var extractor = await OpenAsync(result, token).ConfigureAwait(false);
            using var client = new PushSubscriptionClient(extractor.Options.Credentials);
            var existing = await client.ListAsync(token).ConfigureAwait(false);
            foreach (var s in existing)
            {
                await client.DeleteAsync(s.Id, token).ConfigureAwait(false);
                Console.WriteLine($"deleted push subscription {s.Id} ({s.CallbackUrl})");
            }

            await SaveAsync(extractor, null, null, token).ConfigureAwait(false);
            if (existing.Count == 0)
            {
                Console.WriteLine("no push subscription to delete");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Subscription()
    {
        var command = new Command("subscription", "Show the application's push subscription");
        CommandGuard.SetAction(command, (result, token) => StravaErrors.GuardAsync(async () =>
        {
            await using var extractor = await OpenAsync(result, token).ConfigureAwait(false);
            using var client = new PushSubscriptionClient(extractor.Options.Credentials);
            var existing = await client.ListAsync(token).ConfigureAwait(false);
            Console.WriteLine(existing.Count == 0 ? "no push subscription" : string.Join(Environment.NewLine, existing.Select(s => $"push subscription {s.Id} delivers to {s.CallbackUrl}")));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Listen()
    {
        var host = new Option<string>("--host") { Description = "The address to listen on (default 127.0.0.1; put a TLS proxy in front for Strava)", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "The port to listen on (default 8581)", DefaultValueFactory = _ => 8581 };
        var command = new Command("listen", $"Receive Strava's webhook events at {WebhookEndpoints.Path}, queue them in the staging database and apply them");
        command.Options.Add(host);
        command.Options.Add(port);
        CommandGuard.SetAction(command, (result, token) => StravaErrors.GuardAsync(async () =>
        {
            ListenAddress(result.GetValue(host)!, result.GetValue(port));
            var session = GlobalOptions.Open(result);
            VerifyToken(result);
            await using var webhooks = await WebhooksAsync(session, token).ConfigureAwait(false)
                ?? throw new StravaExtractException(DiagnosticCodes.StravaCredentials, "no Strava credentials configured (STRAVA__CLIENT_ID, STRAVA__CLIENT_SECRET)");
            await using var app = await WebhookEndpoints.ListenAsync(webhooks.Receiver, result.GetValue(host)!, result.GetValue(port), token).ConfigureAwait(false);
            Console.WriteLine($"listening for Strava events on {string.Join(", ", app.Urls)}{WebhookEndpoints.Path}; Ctrl+C to stop");
            try
            {
                await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: events received and not applied yet stay queued for the next start.
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>
    /// For <c>engine serve</c>: the receiver and its worker when the project has Strava credentials and a verify token,
    /// else null (serve then mounts no callback).
    /// </summary>
    public static async Task<WebhookHost?> WebhooksAsync(Runtime.Sessions.ProjectSession session, CancellationToken token)
    {
        if (session.Settings.Section("Strava")[VerifyTokenSetting] is not { Length: > 0 } verifyToken
            || Connectors.Strava.Config.StravaCredentials.From(session.Settings.Section("Strava")) is null)
        {
            return null;
        }

        var extractor = await StravaExtraction.OpenAsync(session, whenNoCredentials: null, _ => { }, token).ConfigureAwait(false);
        var receiver = new WebhookReceiver(extractor.Options.StagingConnectionString, extractor.Options.Credentials.ClientId, verifyToken);
        await receiver.EnsureQueueAsync(token).ConfigureAwait(false);
        var worker = new WebhookWorker(extractor, message => Console.Error.WriteLine(message));
        receiver.Enqueued += worker.Signal;
        worker.Start();
        return new WebhookHost(receiver, worker, extractor);
    }

    /// <summary>A receiver with its worker; disposing stops the worker (queued events stay for the next start).</summary>
    public sealed record WebhookHost(WebhookReceiver Receiver, WebhookWorker Worker, StravaExtractor Extractor) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Worker.DisposeAsync().ConfigureAwait(false);
            await Extractor.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The project's Strava source with real credentials: webhooks are Strava's, so no sandbox stand-in is started.</summary>
    private static Task<StravaExtractor> OpenAsync(ParseResult result, CancellationToken token) =>
        StravaExtraction.OpenAsync(GlobalOptions.Open(result), whenNoCredentials: null, _ => { }, token);

    /// <summary>Refuses a bad --host or --port before anything is opened, so a typo is one line and exit 2, not a crash.</summary>
    private static void ListenAddress(string host, int port)
    {
        if (host != "localhost" && !IPAddress.TryParse(host, out _))
        {
            throw new StravaExtractException(DiagnosticCodes.StravaExtractOption, $"--host '{host}' is not an IP address: write one such as 127.0.0.1 or 0.0.0.0, or 'localhost'");
        }

        if (port is < 0 or > IPEndPoint.MaxPort)
        {
            throw new StravaExtractException(DiagnosticCodes.StravaExtractOption, $"--port {port} is not a TCP port (0 to {IPEndPoint.MaxPort})");
        }
    }

    private static string VerifyToken(ParseResult result) =>
        GlobalOptions.Open(result).Settings.Section("Strava")[VerifyTokenSetting] is { Length: > 0 } value
            ? value
            : throw new StravaExtractException(DiagnosticCodes.StravaCredentials, $"no webhook verify token configured: set STRAVA__{VerifyTokenSetting} (any secret string)");

    private static async Task SaveAsync(StravaExtractor extractor, long? id, string? callback, CancellationToken token)
    {
        await using var connection = new NpgsqlConnection(extractor.Options.StagingConnectionString);
        await connection.OpenAsync(token).ConfigureAwait(false);
        await WebhookQueue.EnsureAsync(connection, token).ConfigureAwait(false);
        await WebhookQueue.SaveSubscriptionAsync(connection, extractor.Options.Credentials.ClientId, id, callback, token).ConfigureAwait(false);
    }
}
