using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Engine.Cli.Tests.Build;
using Engine.Cli.Tests.Support;
using Engine.TestSupport;
using Engine.Warehouse.Snowflake.Api;
using Snowflake.Sandbox;
using Xunit;

namespace Engine.Cli.Tests.Project;

/// <summary>
/// The whole Strava project on the Snowflake stand-in (target snowflake_sandbox, served in-process through the real SQL
/// API client) against the same project on PostgreSQL: every relation with the same rows, every test passing, no token
/// printed; and a build killed while it replaces tables leaves them readable with their rows.
/// </summary>
public sealed partial class SnowflakeStandInPipelineTests(ShowcaseHome home) : IClassFixture<ShowcaseHome>
{
    [Fact]
    public async Task The_project_on_the_stand_in_has_the_rows_it_has_on_postgres_and_survives_a_killed_build()
    {
        using var project = new ProjectCopy();
        var postgres = EngineProcess.Run(project.ProjectDir, home.Environment, "run", "--project-dir", project.ProjectDir);
        Assert.True(postgres.ExitCode == 0, postgres.ToString());
        var snowflake = EngineProcess.Run(project.ProjectDir, home.Environment, "run", "--target", "snowflake_sandbox", "--project-dir", project.ProjectDir);
        Assert.True(snowflake.ExitCode == 0, snowflake.ToString());

        Assert.Contains("ERROR=0", snowflake.Stdout, StringComparison.Ordinal);
        var expected = Rows(postgres.Stdout);
        var actual = Rows(snowflake.Stdout);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);

        // A key-pair JWT starts with the base64 of {"alg": it never reaches the output.
        Assert.DoesNotContain("eyJ", snowflake.Stdout + snowflake.Stderr, StringComparison.Ordinal);

        using (var build = EngineProcess.Start(project.ProjectDir, home.Environment, "build", "--target", "snowflake_sandbox", "--full-refresh", "--project-dir", project.ProjectDir))
        {
            while (await build.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.Contains("START sql table model", StringComparison.Ordinal))
                {
                    break;
                }
            }

            build.Kill(entireProcessTree: true);
            await build.WaitForExitAsync();
        }

        // The stand-in's databases outlive the killed process, as tables outlive a client on Snowflake: read them back.
        await using var server = await SnowflakeSandboxServer.StartAsync(new SnowflakeSandboxOptions { DataDirectory = Path.Combine(home.Home, "snowflake-sandbox") });
        using var key = RSA.Create(2048);
        server.RegisterUser(SandboxUser.For("CHECK", key));
        var copy = RSA.Create();
        copy.ImportParameters(key.ExportParameters(true));
        using var client = new SqlApiClient(new SqlApiEndpoint(server.BaseAddress, "ANALYTICS", "PUBLIC", null, null), new KeyPairJwt(server.Options.Account, "CHECK", copy));
        foreach (var row in expected.Where(r => r.Relation.Kind != "view"))
        {
            var count = await client.ExecuteAsync(new SqlApiRequest($"select count(*) from {row.Relation.Relation}"), CancellationToken.None);
            Assert.Equal((row.Relation.Relation, row.Rows), (row.Relation.Relation, count.Rows[0][0]));
        }
    }

    /// <summary>The "Rows per relation" summary of engine run: relation, kind, rows.</summary>
    private static List<((string Relation, string Kind) Relation, string Rows)> Rows(string output)
    {
        var at = output.IndexOf("Rows per relation", StringComparison.Ordinal);
        Assert.True(at >= 0, output);
        return [.. SummaryLine().Matches(output[at..]).Select(m => ((m.Groups[1].Value, m.Groups[3].Value), m.Groups[2].Value.Replace(",", string.Empty, StringComparison.Ordinal)))];
    }

    [GeneratedRegex(@"^\s+([a-z_]+\.[a-z_]+)\s+([\d,]+)\s+(\w+)", RegexOptions.Multiline)]
    private static partial Regex SummaryLine();
}
