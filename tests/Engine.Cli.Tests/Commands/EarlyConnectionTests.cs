using System.Net;
using System.Net.Sockets;
using Engine.Cli.Tests.Support;
using Engine.TestSupport;
using Xunit;

namespace Engine.Cli.Tests.Commands;

/// <summary>
/// <c>run</c>, <c>build</c> and <c>sync</c> open the target's connection while the project loads
/// (<c>IWarehouseAdapter.WarmUpAsync</c>). What they report is unchanged: a project error alone, once, at its location,
/// with nothing started; a target that cannot be reached, once, with its own code.
/// </summary>
public sealed class EarlyConnectionTests
{
    [Fact]
    public void A_project_error_is_reported_once_and_the_managed_cluster_is_not_started()
    {
        using var project = new ProjectCopy();
        project.Write("models/dwh/fact_activity.sql", "select *\nfrom {{ ref('activites') }}\n");
        var home = Path.Combine(project.Root, "home");

        var result = EngineProcess.Run(project.Root, new Dictionary<string, string> { ["ENGINE_HOME"] = home }, "run", "--project-dir", project.ProjectDir);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines, l => l.Contains("error ENG", StringComparison.Ordinal));
        Assert.Contains("fact_activity.sql(2,9): error ENG1201: ref('activites') not found", result.Stderr, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.ToString());
        Assert.False(Directory.Exists(Path.Combine(home, "postgres")), $"the managed cluster was created for a project that does not load:\n{result}");
    }

    [Fact]
    public void A_project_error_with_an_unreachable_target_reports_the_project_error_only()
    {
        using var unused = BoundPort(out var port);
        using var project = Remote(port);
        project.Write("models/two.sql", "select * from {{ ref('one_') }}");

        var result = EngineProcess.Run(project.Root, "build", "--project-dir", project.ProjectDir);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("two.sql(1,18): error ENG1201", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ENG1412", result.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("build")]
    [InlineData("run")]
    public void An_unreachable_target_is_reported_once_with_its_own_code(string verb)
    {
        using var unused = BoundPort(out var port);
        using var project = Remote(port);

        var result = EngineProcess.Run(project.Root, verb, "--project-dir", project.ProjectDir);

        Assert.Equal(1, result.ExitCode);
        var output = result.Stdout + result.Stderr;
        Assert.Single(output.Split('\n'), l => l.Contains("ENG1412", StringComparison.Ordinal));
        Assert.Contains($"127.0.0.1:{port}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("ENG9999", output, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.ToString());
    }

    /// <summary>A port bound without listening for as long as the test holds it: connections to it are refused.</summary>
    private static Socket BoundPort(out int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        return socket;
    }

    private static ProjectCopy Remote(int port)
    {
        var project = new ProjectCopy(fromRepository: false);
        project.Write("pipeline.yml", $"""
            name: early
            steps: [build]
            targets:
              dev:
                type: postgres
                host: 127.0.0.1
                port: {port}
                user: postgres
                database: warehouse
                schema: analytics
            """);
        project.Write("models/one.sql", "{{ config { materialized: 'table' } }}\nselect 1 as id");
        return project;
    }
}
