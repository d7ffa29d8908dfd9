using System.Collections.Immutable;
using System.Text.Json;
using Engine.Core.Compilation.Dashboards;
using Engine.Core.Diagnostics;
using Engine.Core.Project.Dashboards;
using Engine.Web.Dashboards;
using Xunit;

namespace Engine.Web.Tests.Dashboards;

public sealed class DashboardJsonTests
{
    private static readonly SourceLocation At = new("d.yml", 1, 1);

    private static CompiledDashboard Dashboard(ChartEncoding encoding) =>
        new(new DashboardDefinition("d", "D", "dashboards/d.yml", "d.yml", [], [new ChartDefinition("c", "C", ChartTypes.Map, "select 1", encoding, At, At)], At),
            "exposure.p.d", [], [], [new CompiledChart(new ChartDefinition("c", "C", ChartTypes.Map, "select 1", encoding, At, At), "select 1", [])]);

    [Fact]
    public void Text_from_the_warehouse_cannot_close_the_script_element_it_is_embedded_in()
    {
        var dashboard = Dashboard(ChartEncoding.Empty with { Y = ["name"] });
        var data = new DashboardData(dashboard, ImmutableDictionary<string, ChartData>.Empty.Add("c", new ChartData(["name"], [["</script><script>alert(1)</script>"]])), ImmutableDictionary<string, ImmutableArray<(string, string)>>.Empty);
        var json = DashboardJson.Data(data);
        Assert.DoesNotContain("</script", json, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("</script><script>alert(1)</script>", JsonDocument.Parse(json).RootElement.GetProperty("charts").GetProperty("c").GetProperty("rows")[0][0].GetString());
    }

    [Fact]
    public void A_route_column_is_sent_decoded_as_latitude_longitude_pairs()
    {
        var dashboard = Dashboard(ChartEncoding.Empty with { Route = "route" });
        var data = new DashboardData(dashboard, ImmutableDictionary<string, ChartData>.Empty.Add("c", new ChartData(["route"], [["_p~iF~ps|U_ulLnnqC_mqNvxq`@"]])), ImmutableDictionary<string, ImmutableArray<(string, string)>>.Empty);
        var route = JsonDocument.Parse(DashboardJson.Data(data)).RootElement.GetProperty("charts").GetProperty("c").GetProperty("rows")[0][0];
        Assert.Equal(3, route.GetArrayLength());
        Assert.Equal(38.5, route[0][0].GetDouble());
        Assert.Equal(-126.453, route[2][1].GetDouble());
    }
}
