using System.Collections.Immutable;
using System.Diagnostics;
using Engine.Cli.Tests.Build;
using Engine.Cli.Tests.Support;
using Engine.Connectors.Strava;
using Engine.Connectors.Strava.Auth;
using Engine.Connectors.Strava.Config;
using Engine.Connectors.Strava.Webhooks;
using Engine.TestSupport;
using Engine.Web.Serve;
using Microsoft.AspNetCore.Builder;
using Npgsql;
using Strava.Sandbox;

namespace Engine.Cli.Tests.Project;

/// <summary>
/// The repository's project against a Strava sandbox, on a test class's <see cref="ShowcaseHome"/>: the sandbox (rate
/// limits no test reaches, a clock standing at <see cref="Start"/> that the test moves), a copy of <c>project/</c>, the
/// environment that points the engine at the sandbox, the staging (<c>strava</c>) and <c>warehouse</c> databases of
/// the home's managed cluster, and the webhook receiver <c>engine strava listen</c> composes.
/// </summary>
public sealed class StravaPipelineBed : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ShowcaseHome _home;

    private StravaPipelineBed(ShowcaseHome home, SandboxServer sandbox)
    {
        _home = home;
        Sandbox = sandbox;
        var environment = new Dictionary<string, string>(home.Environment)
        {
            ["STRAVA__BASE_URL"] = sandbox.BaseAddress.ToString(),
            ["STRAVA__CLIENT_ID"] = sandbox.Options.ClientId,
            ["STRAVA__CLIENT_SECRET"] = sandbox.Options.ClientSecret,
        };
        foreach (var athlete in sandbox.Data.Athletes)
        {
            environment[$"STRAVA__ATHLETES__{athlete.Name.ToUpperInvariant()}__REFRESH_TOKEN"] = athlete.InitialRefreshToken;
        }

        Environment = environment;
    }

    public SandboxServer Sandbox { get; }

    public ProjectCopy Project { get; } = new();

    /// <summary>ENGINE_HOME and the sandbox's client and athletes, as <c>.env</c> would give them.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public StravaCredentials Credentials =>
        new(Sandbox.Options.ClientId, Sandbox.Options.ClientSecret, Sandbox.BaseAddress, ImmutableSortedDictionary<string, string?>.Empty);

    /// <summary>The refresh tokens the engine keeps under ENGINE_HOME.</summary>
    public FileRefreshTokenStore Tokens => new(Path.Combine(_home.Home, "strava", "tokens.json"));

    /// <summary>Starts the sandbox with <paramref name="historyDays"/> days of activities before <see cref="Start"/>.</summary>
    public static async Task<StravaPipelineBed> StartAsync(ShowcaseHome home, int historyDays)
    {
        var sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            Clock = SandboxClock.At(Start),
            HistoryDays = historyDays,
            ReadLimit15Min = 10_000,
            ReadLimitDaily = 100_000,
            OverallLimit15Min = 10_000,
            OverallLimitDaily = 100_000,
        });
        return new StravaPipelineBed(home, sandbox);
    }

    /// <summary>Runs the engine on the project (<c>--project-dir</c> added) until it exits.</summary>
    public EngineResult Run(params string[] args) =>
        EngineProcess.Run(Project.ProjectDir, Environment, [.. args, "--project-dir", Project.ProjectDir]);

    /// <summary>Starts the engine on the project (<c>--project-dir</c> added) and leaves the process to the caller.</summary>
    public Process StartProcess(params string[] args) =>
        EngineProcess.Start(Project.ProjectDir, Environment, [.. args, "--project-dir", Project.ProjectDir]);

    /// <summary>A connection string to <paramref name="database"/> (<c>strava</c> or <c>warehouse</c>) on the home's cluster.</summary>
    public async Task<string> ConnectionStringAsync(string database) => (await _home.Cluster.EnsureStartedAsync()).ConnectionString(database);

    public async Task<NpgsqlConnection> OpenAsync(string database)
    {
        var connection = new NpgsqlConnection(await ConnectionStringAsync(database));
        await connection.OpenAsync();
        return connection;
    }

    public async Task<T> ScalarAsync<T>(string database, string sql)
    {
        await using var connection = await OpenAsync(database);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>An extractor on staging with the engine's refresh tokens, as <c>engine strava listen</c>'s worker uses.</summary>
    public async Task<StravaExtractor> ExtractorAsync() =>
        new(new StravaExtractorOptions(await ConnectionStringAsync("strava"), Credentials, Tokens));

    /// <summary>
    /// The receiver <c>engine strava listen</c> composes, in this process on loopback, subscribed through the sandbox's
    /// push subscription API (which validates the callback over HTTP): the sandbox's events are queued in staging.
    /// </summary>
    public async Task<WebhookListener> ListenAsync(string verifyToken)
    {
        var staging = await ConnectionStringAsync("strava");
        var receiver = new WebhookReceiver(staging, Sandbox.Options.ClientId, verifyToken);
        await receiver.EnsureQueueAsync(CancellationToken.None);
        var app = await WebhookEndpoints.ListenAsync(receiver, "127.0.0.1", 0, CancellationToken.None);
        try
        {
            using var client = new PushSubscriptionClient(Credentials);
            var created = await client.CreateAsync(new Uri(app.Urls.First().TrimEnd('/') + WebhookEndpoints.Path), verifyToken, CancellationToken.None);
            await using var connection = new NpgsqlConnection(staging);
            await connection.OpenAsync();
            await WebhookQueue.SaveSubscriptionAsync(connection, Sandbox.Options.ClientId, created.Id, created.CallbackUrl, CancellationToken.None);
            return new WebhookListener(receiver, app);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Project.Dispose();
        await Sandbox.DisposeAsync();
    }

    /// <summary>The receiver and the loopback server it is mounted on; disposing stops the server.</summary>
    public sealed record WebhookListener(WebhookReceiver Receiver, WebApplication App) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
