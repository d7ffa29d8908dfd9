using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Web;
using Engine.Connectors.Strava.Api;
using Engine.Connectors.Strava.Config;
using Engine.Core.Diagnostics;

namespace Engine.Connectors.Strava.Auth;

/// <summary>
/// <c>engine auth strava</c>: the OAuth authorization-code flow with a loopback redirect. Prints the authorize URL
/// (scope <c>activity:read_all</c>), waits on 127.0.0.1 for Strava's redirect, checks the state and the granted
/// scope, exchanges the code and stores the refresh token. Replaces the hand-written curl steps.
/// </summary>
public sealed class AuthorizationFlow(StravaCredentials credentials, IRefreshTokenStore tokens)
{
    public const string Scope = "activity:read_all";

    /// <summary>The athlete authorised: the name the token is stored under and Strava's id.</summary>
    public sealed record Authorized(string Athlete, long? AthleteId, string GrantedScope);

    public async Task<Authorized> RunAsync(string? athleteName, int port, TimeSpan timeout, Action<string> print, CancellationToken cancellationToken)
    {
        port = port == 0 ? FreePort() : port;
        var redirect = $"http://127.0.0.1:{port}/exchange_token";
        var state = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var authorize = new Uri(credentials.BaseAddress,
            $"oauth/authorize?client_id={Uri.EscapeDataString(credentials.ClientId)}&redirect_uri={Uri.EscapeDataString(redirect)}" +
            $"&response_type=code&approval_prompt=force&scope={Scope}&state={state}");

        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        print($"Open this URL in a browser, sign in to Strava as the athlete and click Authorize:\n{authorize}");
        print($"Waiting for Strava to redirect to {redirect} ...");

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        string code, granted;
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().WaitAsync(timer.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new StravaExtractException(DiagnosticCodes.StravaAuthFailed, $"no authorization arrived within {timeout.TotalMinutes:0.#} minutes; run 'engine auth strava' again");
            }

            var query = HttpUtility.ParseQueryString(context.Request.Url?.Query ?? string.Empty);
            if (context.Request.Url?.AbsolutePath != "/exchange_token" || query["state"] != state)
            {
                // A favicon request, or someone else's redirect: not ours, keep waiting.
                await RespondAsync(context, 404, "Not the Strava authorization redirect.").ConfigureAwait(false);
                continue;
            }

            if (query["error"] is { } error)
            {
                await RespondAsync(context, 200, "Authorization was declined. You can close this window.").ConfigureAwait(false);
                throw new StravaExtractException(DiagnosticCodes.StravaAuthFailed, $"Strava reported '{error}': the athlete did not authorize the application");
            }

            code = query["code"] ?? string.Empty;
            granted = query["scope"] ?? string.Empty;
            await RespondAsync(context, 200, "Authorized. You can close this window and go back to the terminal.").ConfigureAwait(false);
            break;
        }

        // The athlete may untick scopes: without activity:read_all, private activities would silently be missing.
        if (!granted.Split(',').Contains(Scope))
        {
            throw new StravaExtractException(DiagnosticCodes.StravaAuthFailed,
                $"the athlete granted '{granted}' but the extractor needs '{Scope}'; run 'engine auth strava' again and leave every box ticked");
        }

        using var client = new StravaApiClient(new StravaClientOptions(credentials.BaseAddress, credentials.ClientId, credentials.ClientSecret));
        var grant = await client.ExchangeCodeAsync(code, cancellationToken).ConfigureAwait(false);
        var name = (athleteName ?? grant.AthleteFirstName ?? grant.AthleteId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "athlete").ToLowerInvariant();
        await tokens.SaveAsync(credentials.ClientId, name, grant.RefreshToken, credentials.Athletes.GetValueOrDefault(name), cancellationToken).ConfigureAwait(false);
        return new Authorized(name, grant.AthleteId, granted);
    }

    private static async Task RespondAsync(HttpListenerContext context, int status, string message)
    {
        var body = Encoding.UTF8.GetBytes($"<!doctype html><html><body><p>{WebUtility.HtmlEncode(message)}</p></body></html>");
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        context.Response.Close();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        var port = ((IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return port;
    }
}
