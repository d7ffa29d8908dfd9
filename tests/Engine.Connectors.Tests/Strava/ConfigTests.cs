using Engine.Connectors.Strava;
using Engine.Connectors.Strava.Api;
using Engine.Connectors.Strava.Config;
using Engine.Core.Diagnostics;
using Engine.Core.Loading;
using Engine.Runtime.Configuration;
using Xunit;

namespace Engine.Connectors.Tests.Strava;

public sealed class ConfigTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "strava-config-" + Guid.NewGuid().ToString("N"));

    private string ProjectDir => Path.Combine(_root, "project");

    [Fact]
    public void The_extract_block_of_sources_yml_gives_the_staging_database_and_durations()
    {
        var config = StravaSourceConfig.From(Load("""
            version: 2
            sources:
              - name: strava
                staging: {database: strava_staging}
                extract: {connector: strava, lookback: 3d, max_rate_limit_wait: 20m}
                tables: [{name: athletes}]
            """));
        Assert.Equal(("strava", "strava_staging", TimeSpan.FromDays(3), TimeSpan.FromMinutes(20)),
            (config.SourceName, config.StagingDatabase, config.Lookback, config.MaxRateLimitWait));
    }

    [Fact]
    public void Durations_left_out_take_the_connector_defaults_and_a_missing_staging_block_is_an_error()
    {
        var config = StravaSourceConfig.From(Load("""
            version: 2
            sources:
              - name: strava
                staging: {database: strava}
                extract: {connector: strava}
                tables: [{name: athletes}]
            """));
        Assert.Equal((StravaSourceConfig.DefaultLookback, StravaSourceConfig.DefaultMaxRateLimitWait), (config.Lookback, config.MaxRateLimitWait));

        var error = Assert.Throws<ProjectException>(() => StravaSourceConfig.From(Load("""
            version: 2
            sources:
              - name: strava
                extract: {connector: strava}
                tables: [{name: athletes}]
            """)));
        Assert.Equal((DiagnosticCodes.StravaSourceMissing, 3), (error.Diagnostics[0].Code, error.Diagnostics[0].Location!.Line));
    }

    [Fact]
    public void The_profile_age_and_the_reconciliation_period_are_read_with_defaults_and_located_errors()
    {
        var config = StravaSourceConfig.From(Load("""
            version: 2
            sources:
              - name: strava
                staging: {database: strava}
                extract: {connector: strava, profile_max_age: 3d, reconcile: {every: 14d}}
                tables: [{name: athletes}]
            """));
        Assert.Equal((TimeSpan.FromDays(3), TimeSpan.FromDays(14)), (config.ProfileMaxAge, config.ReconcileEvery));

        var defaults = StravaSourceConfig.From(Load("""
            version: 2
            sources:
              - name: strava
                staging: {database: strava}
                extract: {connector: strava}
                tables: [{name: athletes}]
            """));
        Assert.Equal((StravaSourceConfig.DefaultProfileMaxAge, (TimeSpan?)null), (defaults.ProfileMaxAge, defaults.ReconcileEvery));

        var error = Assert.Throws<ProjectException>(() => Load("""
            version: 2
            sources:
              - name: strava
                staging: {database: strava}
                extract:
                  connector: strava
                  profile_max_age: a week
                  reconcile: {every: 0d, at: noon}
                tables: [{name: athletes}]
            """));
        var messages = error.Diagnostics.Select(d => $"{d.Location!.Line}:{d.Location.Column} {d.Code} {d.Message}").ToArray();
        Assert.Contains(messages, m => m.StartsWith($"7:24 {DiagnosticCodes.StravaExtractConfig} 'profile_max_age' must be a duration", StringComparison.Ordinal) && m.Contains("'a week'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith($"8:26 {DiagnosticCodes.StravaExtractConfig} 'every' must be a positive duration", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("8:30 ", StringComparison.Ordinal) && m.Contains("'at'", StringComparison.Ordinal));
    }

    [Fact]
    public void Max_parallel_athletes_is_read_with_a_default_of_4_and_a_located_error_below_1()
    {
        var config = StravaSourceConfig.From(Load("""
            version: 2
            sources:
              - name: strava
                staging: {database: strava}
                extract: {connector: strava, max_parallel_athletes: 1}
                tables: [{name: athletes}]
            """));
        Assert.Equal(1, config.MaxParallelAthletes);
        Assert.Equal(4, StravaSourceConfig.From(Load("""
            version: 2
            sources:
              - name: strava
                staging: {database: strava}
                extract: {connector: strava}
                tables: [{name: athletes}]
            """)).MaxParallelAthletes);

        var error = Assert.Throws<ProjectException>(() => Load("""
            version: 2
            sources:
              - name: strava
                staging: {database: strava}
                extract:
                  connector: strava
                  max_parallel_athletes: 0
                tables: [{name: athletes}]
            """));
        var message = Assert.Single(error.Diagnostics.Select(d => $"{d.Location!.Line}:{d.Location.Column} {d.Code} {d.Message}"));
        Assert.StartsWith($"7:30 {DiagnosticCodes.StravaExtractConfig} 'max_parallel_athletes' must be a whole number from 1", message, StringComparison.Ordinal);
        Assert.Contains("not '0'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_strava_extract_block_the_error_says_what_to_add()
    {
        var error = Assert.Throws<ProjectException>(() => StravaSourceConfig.From(Load("""
            version: 2
            sources:
              - name: strava
                tables: [{name: athletes}]
            """)));
        Assert.Equal(DiagnosticCodes.StravaSourceMissing, error.Diagnostics[0].Code);
    }

    [Fact]
    public void Credentials_come_from_dotenv_and_the_environment_never_from_yaml()
    {
        Directory.CreateDirectory(ProjectDir);
        File.WriteAllText(Path.Combine(_root, ".env"), """
            STRAVA__CLIENT_ID=12345
            STRAVA__CLIENT_SECRET="s3cret"
            STRAVA__ATHLETES__Alice__REFRESH_TOKEN=tok-a
            STRAVA__ATHLETES__BOB__REFRESH_TOKEN=tok-b
            """);
        var credentials = StravaCredentials.From(EngineSettings.ForProject(ProjectDir).Section("Strava"))!;
        Assert.Equal("12345", credentials.ClientId);
        Assert.Equal("s3cret", credentials.ClientSecret);
        Assert.Equal(["alice", "bob"], credentials.Athletes.Keys);
        Assert.Equal("tok-b", credentials.Athletes["bob"]);
        Assert.Equal(StravaCredentials.DefaultBaseAddress, credentials.BaseAddress);
        Assert.DoesNotContain("s3cret", credentials.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("tok-a", credentials.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void No_client_id_means_no_credentials_and_a_missing_secret_is_an_error()
    {
        Directory.CreateDirectory(ProjectDir);
        Assert.Null(StravaCredentials.From(EngineSettings.ForProject(ProjectDir).Section("StravaNotConfiguredHere")));
        File.WriteAllText(Path.Combine(_root, ".env"), "STRAVA_TEST_ONLY__CLIENT_ID=1\n");
        var error = Assert.Throws<StravaExtractException>(() => StravaCredentials.From(EngineSettings.ForProject(ProjectDir).Section("Strava_Test_Only")));
        Assert.Equal(DiagnosticCodes.StravaCredentials, error.Code);
    }

    [Theory]
    [InlineData("http://www.strava.com/", false)]
    [InlineData("http://10.1.2.3:8080/", false)]
    [InlineData("https://www.strava.com/", true)]
    [InlineData("http://127.0.0.1:5000/", true)]
    [InlineData("http://localhost:5000/", true)]
    public void Plain_http_is_refused_except_to_loopback(string url, bool allowed)
    {
        if (allowed)
        {
            StravaApiClient.RequireSecureTransport(new Uri(url));
        }
        else
        {
            Assert.Equal(DiagnosticCodes.StravaInsecureUrl, Assert.Throws<StravaExtractException>(() => StravaApiClient.RequireSecureTransport(new Uri(url))).Code);
        }
    }

    [Fact]
    public void Rate_limit_headers_are_read_case_insensitively_and_the_lower_budget_counts()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("x-ratelimit-limit", "200,2000");
        response.Headers.TryAddWithoutValidation("X-RATELIMIT-USAGE", "150,1990");
        response.Headers.TryAddWithoutValidation("X-Readratelimit-Limit", "100,1000");
        response.Headers.TryAddWithoutValidation("x-readratelimit-usage", "100,400");
        response.Headers.Date = new DateTimeOffset(2026, 3, 10, 12, 7, 30, TimeSpan.Zero);
        var budget = new RateLimitBudget();
        budget.Observe(response.Headers);

        Assert.Equal(0, budget.Remaining15Min);
        Assert.Equal(10, budget.RemainingDaily);
        var (wait, daily) = budget.Check();
        Assert.False(daily);
        Assert.InRange(wait, TimeSpan.FromMinutes(7.5), TimeSpan.FromMinutes(7.6));

        response.Headers.Remove("X-RATELIMIT-USAGE");
        response.Headers.TryAddWithoutValidation("X-RateLimit-Usage", "10,2000");
        response.Headers.Remove("x-readratelimit-usage");
        budget.Observe(response.Headers);
        var (untilMidnight, isDaily) = budget.Check();
        Assert.True(isDaily);
        Assert.InRange(untilMidnight, TimeSpan.FromHours(11.8), TimeSpan.FromHours(11.9));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private Core.Project.ProjectDefinition Load(string sources)
    {
        Directory.CreateDirectory(ProjectDir);
        File.WriteAllText(Path.Combine(ProjectDir, "pipeline.yml"), "name: t\ntarget: dev\ntargets:\n  dev: {type: postgres, database: warehouse, schema: public}\n");
        File.WriteAllText(Path.Combine(ProjectDir, "sources.yml"), sources);
        var bag = new DiagnosticBag();
        var definition = ProjectLoader.Load(ProjectDir, bag);
        bag.ThrowIfErrors();
        return definition;
    }
}
