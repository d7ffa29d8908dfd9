using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Engine.Cli.Tests.Support;
using Xunit;

namespace Engine.Cli.Tests.Commands;

public sealed class SandboxCommandTests
{
    [Fact]
    public async Task Sandbox_strava_serves_the_api_and_prints_how_to_point_the_extractor_at_it()
    {
        using var project = new ProjectCopy();
        using var process = Start(project);
        try
        {
            var lines = await ReadUntilReadyAsync(process);
            var baseUrl = lines.Single(l => l.Contains("STRAVA__BASE_URL=", StringComparison.Ordinal)).Split('=')[1];
            Assert.Contains(lines, l => l.Contains("STRAVA__ATHLETES__ALICE__REFRESH_TOKEN=", StringComparison.Ordinal));
            using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
            using var response = await http.GetAsync("api/v3/athlete");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("50,500", response.Headers.GetValues("X-Readratelimit-Limit").Single());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>
    /// The working directory is the user's folder: an ASP.NET Core appsettings.json there (another tool's) must not
    /// configure the engine's web servers, e.g. add an endpoint of its own.
    /// </summary>
    [Fact]
    public async Task An_appsettings_json_in_the_working_directory_does_not_configure_the_server()
    {
        using var project = new ProjectCopy();
        var port = FreePort();
        File.WriteAllText(Path.Combine(project.Root, "appsettings.json"), $$"""{ "Kestrel": { "Endpoints": { "Stray": { "Url": "http://127.0.0.1:{{port}}" } } } }""");
        using var process = Start(project);
        try
        {
            var lines = await ReadUntilReadyAsync(process);
            Assert.Contains(lines, l => l.Contains("STRAVA__BASE_URL=", StringComparison.Ordinal));
            using var client = new TcpClient();
            await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, port));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<List<string>> ReadUntilReadyAsync(Process process)
    {
        var lines = new List<string>();
        while (await process.StandardOutput.ReadLineAsync() is { } line && !line.StartsWith("Press Ctrl+C", StringComparison.Ordinal))
        {
            lines.Add(line);
        }

        return lines;
    }

    private static Process Start(ProjectCopy project)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = project.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { typeof(Engine.Cli.Program).Assembly.Location, "sandbox", "strava", "--read-limit", "50" })
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }
}
