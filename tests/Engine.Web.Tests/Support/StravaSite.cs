using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Engine.TestSupport;
using Engine.Warehouse.Postgres.LocalCluster;
using Microsoft.Playwright;
using Npgsql;
using Xunit;

namespace Engine.Web.Tests.Support;

/// <summary>
/// The repository's project run end to end once for a test class: <c>engine run</c> on its own managed cluster (with
/// the built-in Strava sandbox), <c>engine dashboards build</c>, <c>engine docs generate</c>, and <c>engine serve</c>
/// on a free port; plus the system's Chromium driven by Playwright. Everything it starts it stops.
/// </summary>
public sealed class StravaSite : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private Process? _serve;
    private IPlaywright? _playwright;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "engine-web-" + Guid.NewGuid().ToString("N"));

    public string ProjectDir => Path.Combine(Root, "project");

    public string Home => Path.Combine(Root, "home");

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["ENGINE_HOME"] = Home };

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public IBrowser Browser { get; private set; } = null!;

    public string Target => Path.Combine(ProjectDir, "target");

    public async Task InitializeAsync()
    {
        Copy(RepositoryPaths.Project, ProjectDir);
        foreach (var args in new[] { new[] { "run" }, ["dashboards", "build"], ["docs", "generate"] })
        {
            var result = EngineProcess.Run(ProjectDir, Environment, [.. args, "--project-dir", ProjectDir]);
            Assert.True(result.ExitCode == 0, result.ToString());
        }

        var port = FreePort();
        _serve = EngineProcess.Start(ProjectDir, Environment, "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--project-dir", ProjectDir);
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient();
        for (var i = 0; ; i++)
        {
            try
            {
                (await http.GetAsync(BaseAddress)).EnsureSuccessStatusCode();
                break;
            }
            catch (HttpRequestException) when (i < 120 && !_serve.HasExited)
            {
                await Task.Delay(500);
            }
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ["--no-sandbox"] });
    }

    /// <summary>A connection to the warehouse database the run built, on the managed cluster's port.</summary>
    public NpgsqlConnection Warehouse()
    {
        var pid = Directory.EnumerateFiles(Path.Combine(Home, "postgres"), "postmaster.pid", SearchOption.AllDirectories).First();
        var port = File.ReadAllLines(pid)[3].Trim();
        var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=warehouse;Pooling=false");
        connection.Open();
        return connection;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_serve is { HasExited: false })
        {
            _serve.Kill(entireProcessTree: true);
            await _serve.WaitForExitAsync();
        }

        _serve?.Dispose();
        await new LocalPostgresCluster(Path.Combine(Home, "postgres")).DestroyAsync();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.StartsWith("target" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative));
        }
    }
}
