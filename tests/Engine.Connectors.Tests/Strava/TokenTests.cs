using System.Net;
using Engine.Connectors.Strava;
using Engine.Connectors.Strava.Auth;
using Engine.Core.Diagnostics;
using Engine.TestSupport;
using Xunit;

namespace Engine.Connectors.Tests.Strava;

[Collection(PostgresCollection.Name)]
public sealed class TokenTests(PostgresFixture postgres) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "strava-tokens-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_rotated_refresh_token_survives_a_restart_in_a_file_only_its_owner_reads()
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres);
        var path = Path.Combine(_folder, "strava", "tokens.json");
        bed.Tokens = new FileRefreshTokenStore(path);
        Assert.True((await bed.ExtractAsync()).Complete);

        // The configured (initial) tokens are dead now: Strava rotated them.
        using (var http = new HttpClient { BaseAddress = bed.Sandbox.BaseAddress })
        using (var response = await http.PostAsync("oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = bed.Sandbox.Options.ClientId,
            ["client_secret"] = bed.Sandbox.Options.ClientSecret,
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = bed.Sandbox.Data.Athletes[0].InitialRefreshToken,
        })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        // A new process: a new store object on the same file, the same (stale) configuration.
        bed.Tokens = new FileRefreshTokenStore(path);
        var second = await bed.ExtractAsync();

        Assert.True(second.Complete, string.Join("; ", second.Athletes.Select(a => a.Reason)));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var stored = await bed.Tokens.GetAsync(bed.Sandbox.Options.ClientId, "alice", CancellationToken.None);
        Assert.Equal(bed.Sandbox.Tokens.CurrentRefreshToken(bed.Sandbox.Data.Athletes[0].Id), stored!.RefreshToken);
    }

    [Fact]
    public void A_changed_configured_token_wins_over_the_stored_one()
    {
        var stored = new StoredToken("rotated", StoredToken.Hash("first"));
        Assert.Equal("rotated", StoredToken.Choose("first", stored));
        Assert.Equal("rotated", StoredToken.Choose(null, stored));
        Assert.Equal("pasted-later", StoredToken.Choose("pasted-later", stored));
        Assert.Equal("first", StoredToken.Choose("first", null));
        Assert.DoesNotContain("rotated", stored.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_never_appear_in_progress_summaries_or_errors()
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres, new global::Strava.Sandbox.SandboxOptions { HistoryDays = 30 });
        var secrets = new List<string> { bed.Sandbox.Options.ClientSecret };
        secrets.AddRange(bed.Sandbox.Data.Athletes.Select(a => a.InitialRefreshToken));

        bed.Sandbox.Faults.ServerErrorBurst(2);
        bed.Sandbox.Faults.MalformedResponses(1);
        await bed.ExtractAsync();
        bed.Sandbox.Faults.RejectValidTokens(100);
        var rejected = await bed.ExtractAsync(new ExtractRequest { Athlete = "alice" });
        Assert.Equal(ExtractStatus.Failed, rejected.Athletes[0].Status);

        // A dead refresh token (a sandbox that forgot it): the message says what to do, not the token.
        bed.Sandbox.Faults.Reset();
        var dead = new MemoryRefreshTokenStore();
        await dead.SaveAsync(bed.Sandbox.Options.ClientId, "alice", "dead-token-123", null, CancellationToken.None);
        var credentials = Engine.Cli.Composition.StravaSandboxStandIn.Credentials(bed.Sandbox);
        await using var extractor = new StravaExtractor(bed.Options(o => o with
        {
            Tokens = dead,
            Credentials = new(credentials.ClientId, credentials.ClientSecret, credentials.BaseAddress, credentials.Athletes.SetItem("alice", null)),
        }));
        var failed = await extractor.RunAsync(new ExtractRequest { Athlete = "alice" }, null, CancellationToken.None);
        Assert.Equal(DiagnosticCodes.StravaRefreshRejected, failed.Athletes[0].Code);
        Assert.Contains("engine auth strava --athlete alice", failed.Athletes[0].Reason, StringComparison.Ordinal);
        secrets.Add("dead-token-123");
        secrets.AddRange(bed.Sandbox.Data.Athletes.Select(a => bed.Sandbox.Tokens.CurrentRefreshToken(a.Id)!));
        secrets.AddRange(bed.Sandbox.Tokens.IssuedAccessTokens);

        var text = string.Join("\n", bed.Output.Concat(failed.Athletes.Select(a => a.Reason ?? string.Empty)))
            + extractor + bed.Options() + credentials;
        Assert.Contains("retry", text, StringComparison.Ordinal);
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
