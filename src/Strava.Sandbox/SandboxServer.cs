using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Strava.Sandbox.Api;
using Strava.Sandbox.Data;
using Strava.Sandbox.Webhooks;

namespace Strava.Sandbox;

/// <summary>
/// A Strava-compatible HTTP server on 127.0.0.1 (plain http, loopback only): OAuth with rotating refresh tokens,
/// the athlete and activity endpoints, rate-limit headers and 429s, Strava's error bodies, deterministic demo data
/// and fault injection. Start it with <see cref="StartAsync"/>; point a client at <see cref="BaseAddress"/>.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SandboxRequest> _requests = new();

    private SandboxServer(WebApplication app, SandboxOptions options, DemoDataset data, Uri baseAddress)
    {
        _app = app;
        Options = options;
        Data = data;
        BaseAddress = baseAddress;
        Tokens = new TokenIssuer(data.Athletes, options.AccessTokenLifetime);
        RateLimits = new RateLimiter(options);
        Webhooks = new WebhookHub(options);
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:5123/</c>; the API is under <c>api/v3/</c>, OAuth under <c>oauth/</c>.</summary>
    public Uri BaseAddress { get; }

    public SandboxOptions Options { get; }

    public DemoDataset Data { get; }

    public SandboxClock Clock => Options.Clock;

    public SandboxFaults Faults => Options.Faults;

    public TokenIssuer Tokens { get; }

    public RateLimiter RateLimits { get; }

    /// <summary>The push subscription API and the event deliveries to its callback.</summary>
    public WebhookHub Webhooks { get; }

    /// <summary>Renames an activity now, as its athlete would, and posts Strava's <c>update</c> event for it.</summary>
    public Task RenameActivityAsync(long activityId, string name, CancellationToken cancellationToken = default)
    {
        var now = Clock.GetUtcNow();
        var activity = Data.Find(activityId, now) ?? throw new ArgumentException($"no activity {activityId}", nameof(activityId));
        Data.Edit(new ActivityEdit(now, activityId) { Name = name });
        return Webhooks.PublishAsync([new WebhookEvent("activity", activityId, "update", activity.AthleteId, now.ToUnixTimeSeconds()) { Updates = new Dictionary<string, string> { ["title"] = name } }], cancellationToken);
    }

    /// <summary>Deletes an activity now and posts Strava's <c>delete</c> event for it.</summary>
    public Task DeleteActivityAsync(long activityId, CancellationToken cancellationToken = default)
    {
        var now = Clock.GetUtcNow();
        var activity = Data.Find(activityId, now) ?? throw new ArgumentException($"no activity {activityId}", nameof(activityId));
        Data.Delete(activityId);
        return Webhooks.PublishAsync([new WebhookEvent("activity", activityId, "delete", activity.AthleteId, now.ToUnixTimeSeconds())], cancellationToken);
    }

    /// <summary>The athlete revokes the application's access: tokens stop working and Strava posts <c>authorized: false</c>.</summary>
    public Task DeauthorizeAsync(long athleteId, CancellationToken cancellationToken = default)
    {
        var now = Clock.GetUtcNow();
        Tokens.Revoke(athleteId);
        return Webhooks.PublishAsync([new WebhookEvent("athlete", athleteId, "update", athleteId, now.ToUnixTimeSeconds()) { Updates = new Dictionary<string, string> { ["authorized"] = "false" } }], cancellationToken);
    }

    /// <summary>Every request answered so far, in order.</summary>
    public IReadOnlyList<SandboxRequest> Requests => [.. _requests];

    public static async Task<SandboxServer> StartAsync(SandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SandboxOptions();
        var data = DemoDataset.Generate(options);
        // The default content root is the working directory, for a CLI the user's folder: an appsettings.json there would
        // configure this server, and a file watcher would follow it for the life of the process.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, options.Port);
        });
        var app = builder.Build();
        SandboxServer? server = null;
        app.Run(context => server!.Handler.HandleAsync(context));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server = new SandboxServer(app, options, data, new Uri(address.TrimEnd('/') + "/"));
        server.Handler = new ApiHandler(server);
        return server;
    }

    /// <summary>Forgets the request log (tests count the requests of one run).</summary>
    public void ClearRequests() => _requests.Clear();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    internal ApiHandler Handler { get; private set; } = null!;

    internal void Record(SandboxRequest request) => _requests.Enqueue(request);
}
