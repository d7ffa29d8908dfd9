using System.IO.Compression;
using System.Text;
using Engine.Connectors.Geo;
using Xunit;

namespace Engine.Connectors.Tests.Geo;

/// <summary>The places' binary index kept between processes: the same answers as the text, rebuilt when it is not the text's.</summary>
public sealed class PlaceIndexCacheTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "engine-geo-cache-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void The_cached_places_locate_every_point_as_the_text_does()
    {
        var written = ReverseGeocoder.LoadBuiltIn(_directory);
        var cached = ReverseGeocoder.LoadBuiltIn(_directory);

        Assert.False(written.FromCache);
        Assert.True(cached.FromCache);
        Assert.Equal(ReverseGeocoder.Shared.Count, cached.Count);
        var random = new Random(17);
        var points = global::Strava.Sandbox.Data.DemoCity.All
            .SelectMany(c => Enumerable.Range(0, 50).Select(_ => (c.Latitude + ((random.NextDouble() - 0.5) * 0.5), c.Longitude + ((random.NextDouble() - 0.5) * 0.5))))
            .Concat(Enumerable.Range(0, 3000).Select(_ => ((random.NextDouble() * 180) - 90, (random.NextDouble() * 360) - 180)))
            .ToList();
        var located = 0;
        foreach (var (lat, lng) in points)
        {
            var expected = ReverseGeocoder.Shared.Locate(lat, lng);
            Assert.Equal(expected, cached.Locate(lat, lng));
            Assert.Equal(expected, written.Locate(lat, lng));
            located += expected is null ? 0 : 1;
        }

        Assert.True(located > 500, $"only {located} points located: the comparison says little");
    }

    [Fact]
    public void Another_dataset_misses_the_cache_and_replaces_it()
    {
        var first = Text(("Old", 10, 10, 5_000));
        var second = Text(("New", 10, 10, 5_000));

        Assert.False(ReverseGeocoder.Load(new MemoryStream(first), _directory).FromCache);
        Assert.True(ReverseGeocoder.Load(new MemoryStream(first), _directory).FromCache);
        var changed = ReverseGeocoder.Load(new MemoryStream(second), _directory);

        Assert.False(changed.FromCache);
        Assert.Equal("New", changed.Locate(10, 10)?.City);
        var again = ReverseGeocoder.Load(new MemoryStream(second), _directory);
        Assert.True(again.FromCache);
        Assert.Equal("New", again.Locate(10, 10)?.City);
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("empty")]
    public void A_damaged_cache_is_read_from_the_text_and_rebuilt(string damage)
    {
        var text = Text(("Town", 48.5, 7.5, 20_000), ("Ville", -33.9, 151.2, 50_000));
        ReverseGeocoder.Load(new MemoryStream(text), _directory);
        var file = Assert.Single(Directory.GetFiles(_directory));
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, damage switch
        {
            "flip" => [.. bytes[..(bytes.Length / 2)], (byte)(bytes[bytes.Length / 2] ^ 0x40), .. bytes[((bytes.Length / 2) + 1)..]],
            "truncate" => bytes[..^100],
            _ => [],
        });

        var reread = ReverseGeocoder.Load(new MemoryStream(text), _directory);

        Assert.False(reread.FromCache);
        Assert.Equal("Ville", reread.Locate(-33.9, 151.2)?.City);
        Assert.Equal(bytes, File.ReadAllBytes(file));
        var cached = ReverseGeocoder.Load(new MemoryStream(text), _directory);
        Assert.True(cached.FromCache);
        Assert.Equal(new Place("Town", "Region", "Country", 48.5, 7.5, 20_000), cached.Locate(48.5, 7.5));
    }

    private static byte[] Text(params (string Name, double Lat, double Lng, long Population)[] places)
    {
        var text = string.Concat(places.Select(p => FormattableString.Invariant($"{p.Name}\tRegion\tCountry\t{p.Lat}\t{p.Lng}\t{p.Population}\n")));
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }
}
