using Engine.TestSupport;
using Engine.Web.Tests.Browser;
using Engine.Web.Tests.Support;
using Xunit;

namespace Engine.Web.Tests.Dashboards;

/// <summary><c>engine build</c> runs each chart's query and checks the columns its encodings name.</summary>
[Collection(SiteCollection.Name)]
public sealed class DashboardBuildTests(StravaSite site)
{
    [Fact]
    public void A_chart_naming_a_column_its_query_does_not_return_fails_the_build_at_the_chart_s_line()
    {
        var file = Path.Combine(site.ProjectDir, "dashboards", "broken.yml");
        File.WriteAllText(file, """
            title: Broken
            charts:
              - name: fine
                type: number
                y: n
                sql: select count(*) as n from {{ ref('fact_activity') }}
              - name: misnamed
                type: bar
                x: month
                y: distance
                sql: |
                  select to_char(started_at, 'YYYY-MM') as month, sum(distance_m) as distance_m
                  from {{ ref('fact_activity') }}
                  group by 1
              - name: failing
                type: table
                sql: select no_such_column from {{ ref('fact_activity') }}
            """);
        try
        {
            var broken = EngineProcess.Run(site.ProjectDir, site.Environment, "build", "--select", "dashboard:broken", "--project-dir", site.ProjectDir);
            var output = broken.ToString();
            Assert.True(broken.ExitCode == 2, output);
            Assert.Contains("dashboards/broken.yml(7,5): error ENG2002: chart 'misnamed' names column 'distance' that its query does not return (it returns month, distance_m)", output, StringComparison.Ordinal);
            Assert.Contains("dashboards/broken.yml(15,5): error ENG2003: the query of chart 'failing' failed", output, StringComparison.Ordinal);
            Assert.DoesNotContain("'fine'", output, StringComparison.Ordinal);

            var passed = EngineProcess.Run(site.ProjectDir, site.Environment, "build", "--select", "dashboard:training", "--project-dir", site.ProjectDir);
            Assert.True(passed.ExitCode == 0, passed.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
