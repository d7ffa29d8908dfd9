using System.Diagnostics;
using System.Net;
using Engine.Cli.Tests.Support;
using Xunit;

namespace Engine.Cli.Tests.Commands;

public sealed class SandboxCommandTests
{
    [Fact]
    public async Task Sandbox_strava_serves_the_api_and_prints_how_to_point_the_extractor_at_it()
    {
        using var project = new ProjectCopy();
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

        using var process = Process.Start(start)!;
        try
        {
            var lines = new List<string>();
            while (await process.StandardOutput.ReadLineAsync() is { } line && !line.StartsWith("Press Ctrl+C", StringComparison.Ordinal))
            {
                lines.Add(line);
            }

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
}
