using System.Diagnostics;
using System.Text.RegularExpressions;
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
public sealed partial class StravaSite : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _serveOutput = new();
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

        // Port 0: the server binds a free port itself and prints its address; a port picked here and bound by the server
        // later could be taken by another program in between.
        var serving = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        _serve = EngineProcess.Start(ProjectDir, Environment, "serve", "--port", "0", "--project-dir", ProjectDir);
        _serve.OutputDataReceived += (_, e) => Print(e.Data, serving);
        _serve.ErrorDataReceived += (_, e) => Print(e.Data, serving);
        _serve.BeginOutputReadLine();
        _serve.BeginErrorReadLine();
        BaseAddress = await serving.Task.WaitAsync(TimeSpan.FromMinutes(4));
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

    /// <summary>Keeps what <c>engine serve</c> prints (read as it comes, so a full pipe never blocks it) and the address it serves on.</summary>
    private void Print(string? line, TaskCompletionSource<Uri> serving)
    {
        if (line is null)
        {
            serving.TrySetException(new InvalidOperationException("engine serve ended before serving:\n" + string.Join("\n", _serveOutput)));
            return;
        }

        _serveOutput.Enqueue(line);
        if (ServingAddress().Match(line) is { Success: true } match)
        {
            serving.TrySetResult(new Uri(match.Groups[1].Value.TrimEnd('/') + "/"));
        }
    }

    [GeneratedRegex(@"^Serving .* on (http://[^ ,]+)")]
    private static partial Regex ServingAddress();

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
