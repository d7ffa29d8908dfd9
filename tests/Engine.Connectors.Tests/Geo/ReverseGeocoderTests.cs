using System.IO.Compression;
using System.Text;
using Engine.Connectors.Geo;
using Xunit;

namespace Engine.Connectors.Tests.Geo;

public sealed class ReverseGeocoderTests
{
    /// <summary>The Strava sandbox's cities (Strava.Sandbox/Data/DemoCity), at the coordinates its activities start around.</summary>
    [Theory]
    [InlineData(40.7812, -73.9665, "New York City", "New York", "United States")]
    [InlineData(40.0150, -105.2705, "Boulder", "Colorado", "United States")]
    [InlineData(51.5072, -0.1276, "London", "England", "United Kingdom")]
    [InlineData(52.5200, 13.4050, "Berlin", "State of Berlin", "Germany")]
    [InlineData(-33.8688, 151.2093, "Sydney", "New South Wales", "Australia")]
    [InlineData(37.7749, -122.4194, "San Francisco", "California", "United States")]
    [InlineData(52.3676, 4.9041, "Amsterdam", "North Holland", "Netherlands")]
    public void The_sandbox_cities_are_found_by_name_region_and_country(double lat, double lng, string city, string region, string country)
    {
        var place = ReverseGeocoder.Shared.Locate(lat, lng);

        Assert.NotNull(place);
        Assert.Equal((city, region, country), (place.City, place.Region, place.Country));
    }

    /// <summary>Twin towns a few kilometres apart across a border: each point gets its own side's country.</summary>
    [Theory]
    [InlineData(48.5727, 7.8157, "Kehl", "Germany")]
    [InlineData(48.5834, 7.7455, "Strasbourg", "France")]
    [InlineData(31.7619, -106.4850, "El Paso", "United States")]
    [InlineData(31.7202, -106.4608, "Juárez", "Mexico")]
    [InlineData(46.2044, 6.1432, "Genève", "Switzerland")]
    public void Points_near_a_border_get_the_country_they_are_in(double lat, double lng, string city, string country)
    {
        var place = ReverseGeocoder.Shared.Locate(lat, lng);

        Assert.NotNull(place);
        Assert.Equal((city, country), (place.City, place.Country));
    }

    [Theory]
    [InlineData(52.5200, 13.4050, "Berlin")] // Berlin-Mitte (PPLX, a section of a place) is 600 m away; left out at build time.
    [InlineData(51.5390, -0.1426, "London")] // Camden Town (a place of its own in GeoNames) is nearer than London's point.
    [InlineData(40.7812, -73.9665, "New York City")] // Manhattan is 250 m away.
    [InlineData(40.7696, -74.0204, "Union City")] // In Weehawken, New Jersey: New York City covers it but is in New York.
    public void A_point_in_a_city_s_district_belongs_to_the_city_of_its_region(double lat, double lng, string city)
    {
        Assert.Equal(city, ReverseGeocoder.Shared.Locate(lat, lng)?.City);
    }

    [Fact]
    public void A_point_further_than_the_radius_from_any_place_has_no_location()
    {
        Assert.Null(ReverseGeocoder.Shared.Locate(30.0, -40.0));
        Assert.Null(ReverseGeocoder.Shared.Locate(double.NaN, 0));
        Assert.Null(ReverseGeocoder.Shared.Locate(91, 0));
        Assert.True(ReverseGeocoder.Shared.Count > 100_000);
    }

    [Fact]
    public void The_nearest_place_is_found_across_the_antimeridian_and_within_the_radius_only()
    {
        var geocoder = Geocoder(("East", -16.5, 179.95, 0), ("Far", -16.5, 178.0, 0));

        Assert.Equal("East", geocoder.Locate(-16.5, -179.95)?.City);
        Assert.Null(geocoder.Locate(-16.5, -179.95, radiusKm: 5));
        Assert.Equal("Far", geocoder.Locate(-16.5, 178.2)?.City);
    }

    [Fact]
    public void Distances_are_great_circle_kilometres()
    {
        // London to Paris, 343.5 km on the sphere.
        Assert.InRange(ReverseGeocoder.DistanceKm(51.5072, -0.1276, 48.8566, 2.3522), 343, 344);
    }

    [Fact]
    public void The_most_populous_place_covering_the_point_wins_over_a_nearer_small_one()
    {
        // City: 1,000,000 people, 7 km of extent; Village 1 km from the point, City 5 km.
        var geocoder = Geocoder(("City", 0, 0.045, 1_000_000), ("Village", 0, 0.009, 2_000));

        Assert.Equal("City", geocoder.Locate(0, 0)?.City);
        Assert.Equal("Village", geocoder.Locate(0, -0.05)?.City);
    }

    [Fact]
    public void Every_lookup_answers_as_the_rule_read_over_every_place_does()
    {
        // The rule of Locate's summary applied literally, every place measured, no cells and no shortcut: the lookup's
        // pruning (cells the radius touches, places whose latitude alone puts them out of reach) must change no answer.
        using var stream = typeof(ReverseGeocoder).Assembly.GetManifestResourceStream("geonames-cities.tsv.gz")!;
        var index = PlaceIndex.FromText(stream);
        var random = new Random(23);
        var points = global::Strava.Sandbox.Data.DemoCity.All
            .SelectMany(c => Enumerable.Range(0, 40).Select(_ => (c.Latitude + ((random.NextDouble() - 0.5) * 1.2), c.Longitude + ((random.NextDouble() - 0.5) * 1.2))))
            .Concat(Enumerable.Range(0, 150).Select(_ => ((random.NextDouble() * 120) - 60, (random.NextDouble() * 340) - 170)))
            .ToList();
        var located = 0;
        foreach (var (lat, lng) in points)
        {
            var expected = Literally(index, lat, lng, ReverseGeocoder.DefaultRadiusKm);
            Assert.Equal(expected, ReverseGeocoder.Shared.Locate(lat, lng));
            located += expected is null ? 0 : 1;
        }

        Assert.True(located > 200, $"only {located} points located: the comparison says little");
    }

    /// <summary>In the index's order, which is the order Locate visits cells in away from the antimeridian (ties go to the first).</summary>
    private static Place? Literally(PlaceIndex index, double lat, double lng, double radiusKm)
    {
        var nearest = -1;
        var nearestKm = radiusKm;
        var covering = new List<int>();
        for (var i = 0; i < index.Count; i++)
        {
            var km = ReverseGeocoder.DistanceKm(lat, lng, index.Latitude[i], index.Longitude[i]);
            if (km <= nearestKm)
            {
                (nearest, nearestKm) = (i, km);
            }

            if (km <= Math.Min(radiusKm, ReverseGeocoder.ExtentKm(index.Population[i])))
            {
                covering.Add(i);
            }
        }

        if (nearest < 0)
        {
            return null;
        }

        var best = covering
            .Where(i => index.Country[i] == index.Country[nearest] && index.Region[i] == index.Region[nearest])
            .Aggregate(-1, (b, i) => b < 0 || index.Population[i] > index.Population[b] ? i : b);
        return index.PlaceAt(best < 0 ? nearest : best);
    }

    private static ReverseGeocoder Geocoder(params (string Name, double Lat, double Lng, long Population)[] places)
    {
        var text = string.Concat(places.Select(p => FormattableString.Invariant($"{p.Name}\tRegion\tCountry\t{p.Lat}\t{p.Lng}\t{p.Population}\n")));
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        buffer.Position = 0;
        return ReverseGeocoder.Load(buffer);
    }
}
