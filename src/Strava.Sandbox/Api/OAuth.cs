using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Strava.Sandbox.Api;

/// <summary><c>GET /oauth/authorize</c> (approves at once) and <c>POST /oauth/token</c> (code exchange and refresh).</summary>
internal static class OAuth
{
    /// <summary>
    /// Approves the request at once and redirects to <c>redirect_uri</c> with a code and the granted scope, as Strava
    /// does after the athlete clicks Authorize. <c>athlete</c> (a demo athlete's name) picks who signs in; default the first.
    /// </summary>
    public static void Authorize(SandboxServer server, HttpContext context)
    {
        var query = context.Request.Query;
        var redirect = query["redirect_uri"].ToString();
        if (query["client_id"].ToString() != server.Options.ClientId
            || !Uri.TryCreate(redirect, UriKind.Absolute, out var target)
            || query["response_type"].ToString() != "code")
        {
            context.Response.StatusCode = 400;
            return;
        }

        var name = query["athlete"].ToString();
        var athlete = server.Data.Athletes.FirstOrDefault(a => a.Name == name) ?? server.Data.Athletes[0];
        var scope = query["scope"].ToString();
        var code = server.Tokens.IssueCode(athlete.Id, scope.Length == 0 ? "read" : scope);
        var separator = target.Query.Length > 0 ? "&" : "?";
        var state = query["state"].ToString();
        context.Response.Redirect($"{target}{separator}state={Uri.EscapeDataString(state)}&code={code}&scope={Uri.EscapeDataString(scope)}");
    }

    public static async Task TokenAsync(SandboxServer server, HttpContext context, DateTimeOffset now)
    {
        var form = context.Request.HasFormContentType
            ? await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false)
            : FormCollection.Empty;
        if (form["client_id"].ToString() != server.Options.ClientId || form["client_secret"].ToString() != server.Options.ClientSecret)
        {
            await ApiHandler.WriteFaultAsync(context, 400, "Bad Request", "Application", "client_id", "invalid").ConfigureAwait(false);
            return;
        }

        TokenIssuer.Grant? grant;
        switch (form["grant_type"].ToString())
        {
            case "authorization_code":
                grant = server.Tokens.ExchangeCode(form["code"].ToString(), now);
                if (grant is null)
                {
                    await ApiHandler.WriteFaultAsync(context, 400, "Bad Request", "AuthorizationCode", "code", "invalid").ConfigureAwait(false);
                    return;
                }

                break;
            case "refresh_token":
                grant = server.Tokens.Refresh(form["refresh_token"].ToString(), now);
                if (grant is null)
                {
                    await ApiHandler.WriteFaultAsync(context, 400, "Bad Request", "RefreshToken", "refresh_token", "invalid").ConfigureAwait(false);
                    return;
                }

                break;
            default:
                await ApiHandler.WriteFaultAsync(context, 400, "Bad Request", "Application", "grant_type", "invalid").ConfigureAwait(false);
                return;
        }

        var body = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("token_type", "Bearer");
            json.WriteNumber("expires_at", grant.ExpiresAt.ToUnixTimeSeconds());
            json.WriteNumber("expires_in", (long)(grant.ExpiresAt - now).TotalSeconds);
            json.WriteString("refresh_token", grant.RefreshToken);
            json.WriteString("access_token", grant.AccessToken);
            if (grant.Scope is not null)
            {
                json.WritePropertyName("athlete");
                var athlete = server.Data.Athlete(grant.Athlete)!;
                StravaJson.Athlete(json, athlete, server.Data.Profile(athlete.Id, now), detailed: false);
            }

            json.WriteEndObject();
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

}
