using ApprovalTests;
using ApprovalTests.Namers;
using Engine.Core.Compilation.Dashboards;
using Engine.Runtime.Sessions;
using Engine.TestSupport;
using Xunit;

namespace Engine.Web.Tests.Dashboards;

/// <summary>The repository's dashboards compiled for the dev target (PostgreSQL): every query as the warehouse will run it.</summary>
public sealed class CompiledDashboardApprovalTests
{
    public static TheoryData<string> Names() => [.. Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Project, "dashboards"), "*.yml").Select(Path.GetFileNameWithoutExtension).Order().OfType<string>()];

    [Theory]
    [MemberData(nameof(Names))]
    public void Compiled_dashboard_matches_the_approved_yaml(string name)
    {
        var session = ProjectSession.Open(new SessionOptions(RepositoryPaths.Project), TestWarehouses.Registry);
        var dashboard = session.Compile([.. session.Parsed.Graph.Ids]).Dashboards.Single(d => d.Definition.Name == name);
        using (ApprovalResults.ForScenario(name))
        {
            Approvals.Verify(new ApprovalTextWriter(CompiledDashboardYaml.Render(dashboard), "yml"));
        }
    }
}
