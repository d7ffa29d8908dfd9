using System.Text.RegularExpressions;
using Engine.Cli.Tests.Support;
using Engine.TestSupport;
using Npgsql;
using Xunit;

namespace Engine.Cli.Tests.Commands;

[Collection(PostgresCollection.Name)]
public sealed partial class ExtractCommandTests(PostgresFixture postgres)
{
    /// <summary>No credentials, whatever the machine's environment holds.</summary>
    private static readonly Dictionary<string, string> NoCredentials = new() { ["STRAVA__CLIENT_ID"] = string.Empty };

    [Fact]
    public async Task Without_credentials_extract_uses_the_sandbox_and_a_second_run_fetches_only_what_changed()
    {
        using var project = new ProjectCopy();
        var database = PointAtTestServer(project);

        var first = EngineProcess.Run(project.Root, NoCredentials, "extract");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("using the Strava sandbox", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("page 1", first.Stderr, StringComparison.Ordinal);
        var extracted = Summary().Match(first.Stdout);
        Assert.True(extracted.Success, first.Stdout);
        var total = int.Parse(extracted.Groups["new"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(total, 800, 2000);

        var second = EngineProcess.Run(project.Root, NoCredentials, "extract");
        Assert.True(second.ExitCode == 0, second.ToString());
        var again = Summary().Match(second.Stdout);
        Assert.Equal("0", again.Groups["new"].Value);
        Assert.True(int.Parse(again.Groups["requests"].Value, System.Globalization.CultureInfo.InvariantCulture) <= 10, second.Stdout);

        var builder = new NpgsqlConnectionStringBuilder(postgres.Instance.ConnectionString(database));
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM public.activities", connection);
        Assert.Equal((long)total, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task An_extract_while_another_holds_the_staging_lock_exits_1_naming_the_holder()
    {
        using var project = new ProjectCopy();
        var database = PointAtTestServer(project);
        var staging = postgres.Instance.ConnectionString(database);
        await using var running = await Engine.Connectors.Strava.Staging.StagingDatabase.OpenAsync(staging + ";Application Name=the first extract", CancellationToken.None);

        var result = EngineProcess.Run(project.Root, NoCredentials, "extract");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Matches(@"error ENG1608: another extract is running against staging database '[^']+' \(held by server process \d+ of 'the first extract' from [^,]+, connected since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)", result.Stderr);
    }

    [Theory]
    [InlineData("--partition", "2025-13-01")]
    [InlineData("--from", "2025-02-01", "--to", "2025-01-01")]
    [InlineData("--partition", "2025-01-01", "--from", "2025-01-01")]
    public void Bad_ranges_are_refused_before_anything_runs(params string[] args)
    {
        using var project = new ProjectCopy();
        var result = EngineProcess.Run(project.Root, NoCredentials, ["extract", .. args]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error ENG1609", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Points the project's dev target at the test cluster and gives it a staging database of its own (created by the extract).</summary>
    private string PointAtTestServer(ProjectCopy project)
    {
        var database = "strava_cli_" + Guid.NewGuid().ToString("N")[..12];
        var instance = postgres.Instance;
        project.Write("pipeline.yml", $"""
            name: strava
            target: dev
            targets:
              dev: {"{"}type: postgres, host: {instance.Host}, port: {instance.Port}, user: {instance.User}, database: warehouse, schema: public{"}"}
            """);
        var sources = File.ReadAllText(Path.Combine(project.ProjectDir, "sources.yml"));
        project.Write("sources.yml", sources.Replace("database: strava", $"database: {database}", StringComparison.Ordinal));
        foreach (var folder in new[] { "models", "tests", "macros", "dashboards" })
        {
            Directory.Delete(Path.Combine(project.ProjectDir, folder), recursive: true);
        }

        return database;
    }

    [GeneratedRegex(@"\((?<new>\d+) new, (?<changed>\d+) changed\) of 2 athletes with (?<requests>\d+) requests")]
    private static partial Regex Summary();
}
