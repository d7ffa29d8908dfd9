using System.Text.Json;
using Engine.Cli.Tests.Build;
using Engine.Cli.Tests.Support;
using Engine.TestSupport;
using Strava.Sandbox;
using Xunit;

namespace Engine.Cli.Tests.Project;

/// <summary>
/// The Strava project's manifest.json and run_results.json, after a real <c>engine run</c> (extract from a Strava
/// sandbox, CDC sync, build), are valid against dbt's published schemas (manifest v12, run-results v6).
/// </summary>
public sealed class StravaArtifactsTests(ShowcaseHome home) : IClassFixture<ShowcaseHome>
{
    [Fact]
    public async Task The_strava_run_writes_artifacts_valid_against_dbts_schemas()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            Clock = SandboxClock.At(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero)),
            HistoryDays = 30,
        });
        using var project = new ProjectCopy();
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

        var run = EngineProcess.Run(project.ProjectDir, environment, "run", "--project-dir", project.ProjectDir);
        Assert.True(run.ExitCode == 0, run.ToString());

        var runResults = Path.Combine(project.ProjectDir, "target", "run_results.json");
        var manifest = Path.Combine(project.ProjectDir, "target", "manifest.json");
        AssertValid("run-results-v6.json", runResults);
        AssertValid("manifest-v12.json", manifest);
        using var results = JsonDocument.Parse(File.ReadAllText(runResults));
        var statuses = results.RootElement.GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("unique_id").GetString()!, r => r.GetProperty("status").GetString());
        Assert.Equal("success", statuses["model.strava.fact_activity"]);
        Assert.Contains(statuses, s => s.Key.StartsWith("test.strava.", StringComparison.Ordinal) && s.Value == "pass");
    }

    private static void AssertValid(string schema, string file)
    {
        var errors = DbtArtifactSchema.Errors(schema, file);
        Assert.True(errors.Count == 0, $"{file} is not valid against dbt's {schema}:\n" + string.Join("\n", errors.Take(50)));
    }
}
