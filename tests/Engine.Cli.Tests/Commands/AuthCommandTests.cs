using System.Text.Json;
using Engine.Cli.Tests.Support;
using Engine.TestSupport;
using Strava.Sandbox;
using Xunit;

namespace Engine.Cli.Tests.Commands;

public sealed class AuthCommandTests
{
    [Fact]
    public async Task Auth_prints_the_authorize_url_takes_the_redirect_and_stores_the_refresh_token()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { HistoryDays = 10 });
        using var project = new ProjectCopy();
        var home = Path.Combine(project.Root, "home");
        using var process = EngineProcess.Start(project.Root, new Dictionary<string, string>
        {
            ["ENGINE_HOME"] = home,
            ["STRAVA__BASE_URL"] = sandbox.BaseAddress.ToString(),
            ["STRAVA__CLIENT_ID"] = sandbox.Options.ClientId,
            ["STRAVA__CLIENT_SECRET"] = sandbox.Options.ClientSecret,
        }, "auth", "strava", "--timeout", "60");

        string? url = null;
        while (url is null && await process.StandardOutput.ReadLineAsync() is { } line)
        {
            url = line.StartsWith("http", StringComparison.Ordinal) ? line : null;
        }

        Assert.NotNull(url);
        Assert.Contains("scope=activity:read_all", url, StringComparison.Ordinal);
        Assert.Contains("redirect_uri=http%3A%2F%2F127.0.0.1", url, StringComparison.Ordinal);

        // The browser's part: the sandbox approves at once and redirects to the engine's loopback listener.
        using (var browser = new HttpClient())
        using (var page = await browser.GetAsync(url + "&athlete=bruno"))
        {
            Assert.Contains("Authorized", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var rest = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(process.ExitCode == 0, rest + await process.StandardError.ReadToEndAsync());
        Assert.Contains("Authorized athlete 'bruno'", rest, StringComparison.Ordinal);

        var stored = JsonDocument.Parse(File.ReadAllText(Path.Combine(home, "strava", "tokens.json"))).RootElement;
        var token = stored.GetProperty($"{sandbox.Options.ClientId}/bruno").GetProperty("refresh_token").GetString();
        Assert.Equal(sandbox.Tokens.CurrentRefreshToken(sandbox.Data.Athletes[1].Id), token);
        Assert.DoesNotContain(token!, rest, StringComparison.Ordinal);
    }

    [Fact]
    public void Auth_without_a_client_id_says_which_settings_to_set()
    {
        using var project = new ProjectCopy();
        var result = EngineProcess.Run(project.Root, new Dictionary<string, string> { ["STRAVA__CLIENT_ID"] = string.Empty }, "auth", "strava");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error ENG1603", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("STRAVA__CLIENT_SECRET", result.Stderr, StringComparison.Ordinal);
    }
}
