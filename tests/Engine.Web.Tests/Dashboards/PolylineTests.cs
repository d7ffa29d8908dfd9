using Engine.Web.Dashboards;
using Xunit;

namespace Engine.Web.Tests.Dashboards;

public sealed class PolylineTests
{
    [Fact]
    public void Decodes_the_example_of_google_s_format_description()
    {
        // The worked example of the Encoded Polyline Algorithm Format documentation.
        var points = Polyline.Decode("_p~iF~ps|U_ulLnnqC_mqNvxq`@");
        Assert.Equal([(38.5, -120.2), (40.7, -120.95), (43.252, -126.453)], points.Select(p => (Math.Round(p.Lat, 5), Math.Round(p.Lng, 5))));
    }

    [Fact]
    public void A_truncated_text_yields_the_points_before_the_cut()
    {
        Assert.Equal(2, Polyline.Decode("_p~iF~ps|U_ulLnnqC_mqN").Count);
        Assert.Empty(Polyline.Decode(string.Empty));
    }

    [Fact]
    public void Simplification_drops_points_on_a_straight_line_and_keeps_corners()
    {
        var line = Enumerable.Range(0, 100).Select(i => (Lat: 52.0 + (i * 0.001), Lng: 4.0)).ToList();
        var corner = line.Concat(Enumerable.Range(1, 50).Select(i => (Lat: 52.099, Lng: 4.0 + (i * 0.001)))).ToList();
        Assert.Equal([line[0], line[^1]], RouteSimplifier.Simplify(line));
        var simplified = RouteSimplifier.Simplify(corner);
        Assert.Equal(3, simplified.Count);
        Assert.Contains(line[^1], simplified);
    }
}
