using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Snowflake.Sandbox.Api;
using Snowflake.Sandbox.Execution;

namespace Snowflake.Sandbox;

/// <summary>
/// A stand-in for Snowflake's SQL API v2 on 127.0.0.1 (plain http, loopback only), for tests and demos: key-pair JWTs
/// verified against the public keys registered with <see cref="RegisterUser"/>, statements executed on embedded DuckDB
/// after a small translation, results in partitions, 202 for slow statements, Snowflake's error bodies, throttling on
/// demand. It is a test double, not Snowflake.
/// </summary>
public sealed class SnowflakeSandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _temporaryDirectory;
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);

    private SnowflakeSandboxServer(WebApplication app, SnowflakeSandboxOptions options, Uri baseAddress, string directory, bool temporary)
    {
        _app = app;
        Options = options;
        BaseAddress = baseAddress;
        DataDirectory = directory;
        _temporaryDirectory = temporary ? directory : null;
        Jwt = new JwtVerifier(options.Account, TimeProvider.System);
        Executor = new DuckDbExecutor(directory);
        Handler = new SqlApiHandler(this);
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:5123/</c>; the API is under <c>api/v2/statements</c>.</summary>
    public Uri BaseAddress { get; }

    public SnowflakeSandboxOptions Options { get; }

    public string DataDirectory { get; }

    public SandboxFaults Faults { get; } = new();

    /// <summary>Why the last token was refused (the 401 body does not say, as on Snowflake).</summary>
    public string? LastAuthProblem { get; internal set; }

    /// <summary>Requests answered so far by method and kind: <c>POST statements</c>, <c>GET status</c>, <c>POST cancel</c>.</summary>
    public IReadOnlyDictionary<string, int> Requests => _requests;

    /// <summary>Statements submitted so far (<c>POST /api/v2/statements</c>).</summary>
    public int Submissions => _requests.GetValueOrDefault("POST statements");

    internal JwtVerifier Jwt { get; }

    internal DuckDbExecutor Executor { get; }

    internal SqlApiHandler Handler { get; }

    public static async Task<SnowflakeSandboxServer> StartAsync(SnowflakeSandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SnowflakeSandboxOptions();
        var temporary = options.DataDirectory is null;
        var directory = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "snowflake-sandbox-" + Guid.NewGuid().ToString("N")[..12]);
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
        SnowflakeSandboxServer? server = null;
        app.Run(context => server!.Handler.HandleAsync(context));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server = new SnowflakeSandboxServer(app, options, new Uri(address.TrimEnd('/') + "/"), directory, temporary);
        return server;
    }

    /// <summary>Registers a user and its public key (<c>ALTER USER ... SET RSA_PUBLIC_KEY</c>); its JWTs are accepted from now on.</summary>
    public void RegisterUser(SandboxUser user) => Jwt.Register(user);

    public void ClearRequests() => _requests.Clear();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        Executor.Dispose();
        if (_temporaryDirectory is not null)
        {
            try
            {
                Directory.Delete(_temporaryDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the system's temp cleaner.
            }
        }
    }

    internal void Count(string method, string path)
    {
        var kind = path.EndsWith("/cancel", StringComparison.Ordinal) ? "cancel" : method == "POST" ? "statements" : "status";
        _requests.AddOrUpdate($"{method} {kind}", 1, (_, n) => n + 1);
    }
}
