using System.Net;
using Engine.Connectors.Strava.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Engine.Web.Serve;

/// <summary>
/// Strava's callback over HTTP: <c>GET /strava/webhook</c> answers the subscription validation, <c>POST</c> takes an
/// event (<see cref="WebhookReceiver"/> decides). Mounted by <c>engine serve</c> and by <c>engine strava listen</c>,
/// which serves nothing else.
/// </summary>
public static class WebhookEndpoints
{
    public const string Path = "/strava/webhook";

    public static void Map(IEndpointRouteBuilder app, WebhookReceiver receiver)
    {
        app.MapGet(Path, (HttpRequest request) =>
        {
            var (status, json) = receiver.Validate(request.Query["hub.mode"], request.Query["hub.verify_token"], request.Query["hub.challenge"]);
            return Results.Content(json, "application/json", statusCode: status);
        });
        app.MapPost(Path, async (HttpRequest request, CancellationToken token) =>
            Results.StatusCode(await receiver.ReceiveAsync(request.Body, request.ContentLength, token).ConfigureAwait(false)));
    }

    /// <summary>A server with the callback alone (<c>engine strava listen</c>); dispose it to stop.</summary>
    public static async Task<WebApplication> ListenAsync(WebhookReceiver receiver, string host, int port, CancellationToken cancellationToken)
    {
        var builder = ServerBuilder.Create();
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = WebhookReceiver.MaxBodyBytes;
            k.Listen(host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(host), port);
        });
        var app = builder.Build();
        Map(app, receiver);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return app;
    }
}
