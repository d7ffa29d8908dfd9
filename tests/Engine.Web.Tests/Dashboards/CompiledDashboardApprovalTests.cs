using ApprovalTests;
using ApprovalTests.Namers;
using Engine.Core.Compilation.Dashboards;
using Engine.Runtime.Sessions;
using Engine.TestSupport;
using Xunit;

namespace Engine.Web.Tests.Dashboards;

/// <summary>
/// The repository's dashboards compiled for each dialect (the project's first target of that type): every query as the
/// warehouse will run it.
/// </summary>
public sealed class CompiledDashboardApprovalTests
{
    public static TheoryData<string, string> Dashboards()
    {
        var data = new TheoryData<string, string>();
        var names = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Project, "dashboards"), "*.yml").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order();
        foreach (var dialect in TestWarehouses.Dialects)
        {
            foreach (var name in names)
            {
                data.Add(dialect.Name, name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Compiled_dashboard_matches_the_approved_yaml(string dialect, string name)
    {
        var target = ProjectSession.Open(new SessionOptions(RepositoryPaths.Project), TestWarehouses.Registry)
            .Definition.Config.Targets.First(t => t.Value.Type == dialect).Key;
        var session = ProjectSession.Open(new SessionOptions(RepositoryPaths.Project) { Target = target }, TestWarehouses.Registry);
        var dashboard = session.Compile([.. session.Parsed.Graph.Ids]).Dashboards.Single(d => d.Definition.Name == name);
        using (ApprovalResults.ForScenario($"{dialect}.{name}"))
        {
            Approvals.Verify(new ApprovalTextWriter(CompiledDashboardYaml.Render(dashboard), "yml"));
        }
    }
}
