using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;

namespace Engine.Connectors.Geo;

/// <summary>
/// The places as flat arrays ordered by their 1° cell, so that the places of a cell are one range
/// (<see cref="CellStart"/>) and the whole index is a few arrays of numbers: read from the GeoNames text once, then
/// written to and read back from a binary file (<see cref="PlaceIndexCache"/>) in one go, with no parsing. Names,
/// regions and countries are one table of UTF-8 strings the places point into; a place's strings are decoded only
/// when it is an answer.
/// </summary>
internal sealed class PlaceIndex
{
    /// <summary>180 rows of latitude by 360 columns of longitude.</summary>
    public const int CellCount = 180 * 360;

    private const string Magic = "ENGGEO01";

    public PlaceIndex(int[] cellStart, double[] latitude, double[] longitude, long[] population, int[] name, int[] region, int[] country, int[] stringStart, byte[] utf8)
    {
        (CellStart, Latitude, Longitude, Population, Name, Region, Country, StringStart, Utf8) =
            (cellStart, latitude, longitude, population, name, region, country, stringStart, utf8);
    }

    /// <summary><see cref="CellCount"/> + 1 entries: the places of cell <c>c</c> are <c>[CellStart[c], CellStart[c + 1])</c>.</summary>
    public int[] CellStart { get; }

    public double[] Latitude { get; }

    public double[] Longitude { get; }

    public long[] Population { get; }

    /// <summary>Indices into the string table; equal indices are equal strings (every string is stored once).</summary>
    public int[] Name { get; }

    public int[] Region { get; }

    public int[] Country { get; }

    private int[] StringStart { get; }

    private byte[] Utf8 { get; }

    public int Count => Latitude.Length;

    public static int CellOf(int row, int column) => (row * 360) + column;

    public static int CellRow(double latitude) => Math.Clamp((int)Math.Floor(latitude + 90), 0, 179);

    public static int CellColumn(double longitude) => (((int)Math.Floor(longitude + 180)) % 360 + 360) % 360;

    public Place PlaceAt(int i) => new(Text(Name[i]), Text(Region[i]), Text(Country[i]), Latitude[i], Longitude[i], Population[i]);

    /// <summary>
    /// Reads gzip'd lines of <c>name, region, country, latitude, longitude, population</c> separated by tabs. Within a
    /// cell the places keep the order of the text, so a search visits them as it always did.
    /// </summary>
    public static PlaceIndex FromText(Stream gzipped)
    {
        using var reader = new StreamReader(new GZipStream(gzipped, CompressionMode.Decompress), bufferSize: 1 << 16);
        var lats = new List<double>(180_000);
        var lngs = new List<double>(180_000);
        var populations = new List<long>(180_000);
        var ids = new List<(int Name, int Region, int Country)>(180_000);
        var strings = new Dictionary<string, int>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        var texts = new List<string>();
        Span<Range> f = stackalloc Range[7];
        while (reader.ReadLine() is { } text)
        {
            var line = text.AsSpan();
            if (line.Split(f, '\t') == 6
                && double.TryParse(line[f[3]], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
                && double.TryParse(line[f[4]], NumberStyles.Float, CultureInfo.InvariantCulture, out var lng)
                && long.TryParse(line[f[5]], NumberStyles.Integer, CultureInfo.InvariantCulture, out var population))
            {
                lats.Add(lat);
                lngs.Add(lng);
                populations.Add(population);
                ids.Add((Intern(strings, texts, line[f[0]]), Intern(strings, texts, line[f[1]]), Intern(strings, texts, line[f[2]])));
            }
        }

        // A counting sort by cell: stable, so each cell's places stay in the text's order.
        var n = lats.Count;
        var cells = new int[n];
        var cellStart = new int[CellCount + 1];
        for (var i = 0; i < n; i++)
        {
            cells[i] = CellOf(CellRow(lats[i]), CellColumn(lngs[i]));
            cellStart[cells[i] + 1]++;
        }

        for (var c = 0; c < CellCount; c++)
        {
            cellStart[c + 1] += cellStart[c];
        }

        var next = cellStart[..CellCount];
        var (latitude, longitude, pops) = (new double[n], new double[n], new long[n]);
        var (name, region, country) = (new int[n], new int[n], new int[n]);
        for (var i = 0; i < n; i++)
        {
            var at = next[cells[i]]++;
            (latitude[at], longitude[at], pops[at]) = (lats[i], lngs[i], populations[i]);
            (name[at], region[at], country[at]) = ids[i];
        }

        var stringStart = new int[texts.Count + 1];
        var utf8 = new byte[texts.Sum(Encoding.UTF8.GetByteCount)];
        for (var s = 0; s < texts.Count; s++)
        {
            stringStart[s + 1] = stringStart[s] + Encoding.UTF8.GetBytes(texts[s], utf8.AsSpan(stringStart[s]));
        }

        return new PlaceIndex(cellStart, latitude, longitude, pops, name, region, country, stringStart, utf8);
    }

    /// <summary>
    /// The binary form, native little-endian: a header (magic, the source's digest, the counts), each array's bytes,
    /// then a digest of everything before it, so a torn or damaged file is told from a good one.
    /// </summary>
    public void WriteTo(Stream output, ReadOnlySpan<byte> sourceDigest)
    {
        var hash = new System.IO.Hashing.XxHash128();
        void Write(ReadOnlySpan<byte> bytes)
        {
            hash.Append(bytes);
            output.Write(bytes);
        }

        Write(Encoding.ASCII.GetBytes(Magic));
        Write(sourceDigest);
        Write(MemoryMarshal.AsBytes<int>([Count, StringStart.Length - 1, Utf8.Length, 0]));
        Write(MemoryMarshal.AsBytes(CellStart.AsSpan()));
        Write(MemoryMarshal.AsBytes(Latitude.AsSpan()));
        Write(MemoryMarshal.AsBytes(Longitude.AsSpan()));
        Write(MemoryMarshal.AsBytes(Population.AsSpan()));
        Write(MemoryMarshal.AsBytes(Name.AsSpan()));
        Write(MemoryMarshal.AsBytes(Region.AsSpan()));
        Write(MemoryMarshal.AsBytes(Country.AsSpan()));
        Write(MemoryMarshal.AsBytes(StringStart.AsSpan()));
        Write(Utf8);
        output.Write(hash.GetCurrentHash());
    }

    /// <summary>
    /// The index in <paramref name="file"/> when it is whole, intact and made from the source of
    /// <paramref name="sourceDigest"/>; else null.
    /// </summary>
    public static PlaceIndex? Read(byte[] file, ReadOnlySpan<byte> sourceDigest)
    {
        const int digestLength = 16;
        var header = Magic.Length + digestLength + (4 * sizeof(int));
        if (file.Length < header + digestLength
            || !file.AsSpan(0, Magic.Length).SequenceEqual(Encoding.ASCII.GetBytes(Magic))
            || !file.AsSpan(Magic.Length, digestLength).SequenceEqual(sourceDigest)
            || !file.AsSpan(file.Length - digestLength).SequenceEqual(System.IO.Hashing.XxHash128.Hash(file.AsSpan(0, file.Length - digestLength))))
        {
            return null;
        }

        var counts = MemoryMarshal.Cast<byte, int>(file.AsSpan(Magic.Length + digestLength, 4 * sizeof(int)));
        var (n, strings, utf8Length) = (counts[0], counts[1], counts[2]);
        if (n < 0 || strings < 0 || utf8Length < 0
            || file.Length != header + ((CellCount + 1 + (3 * n) + strings + 1) * (long)sizeof(int)) + (3 * (long)n * sizeof(long)) + utf8Length + digestLength)
        {
            return null;
        }

        var at = header;
        T[] Next<T>(int count)
            where T : struct
        {
            var bytes = count * Marshal.SizeOf<T>();
            var values = MemoryMarshal.Cast<byte, T>(file.AsSpan(at, bytes)).ToArray();
            at += bytes;
            return values;
        }

        var index = new PlaceIndex(
            Next<int>(CellCount + 1), Next<double>(n), Next<double>(n), Next<long>(n), Next<int>(n), Next<int>(n), Next<int>(n), Next<int>(strings + 1), Next<byte>(utf8Length));
        return index.IsConsistent() ? index : null;
    }

    /// <summary>Every range and index in bounds: a file that passed its digest but was written wrong is still refused.</summary>
    private bool IsConsistent()
    {
        if (CellStart[0] != 0 || CellStart[^1] != Count || StringStart[0] != 0 || StringStart[^1] != Utf8.Length)
        {
            return false;
        }

        for (var c = 0; c < CellCount; c++)
        {
            if (CellStart[c] > CellStart[c + 1])
            {
                return false;
            }
        }

        for (var s = 0; s + 1 < StringStart.Length; s++)
        {
            if (StringStart[s] > StringStart[s + 1])
            {
                return false;
            }
        }

        var strings = (uint)(StringStart.Length - 1);
        for (var i = 0; i < Count; i++)
        {
            if ((uint)Name[i] >= strings || (uint)Region[i] >= strings || (uint)Country[i] >= strings)
            {
                return false;
            }
        }

        return true;
    }

    private string Text(int id) => Encoding.UTF8.GetString(Utf8, StringStart[id], StringStart[id + 1] - StringStart[id]);

    private static int Intern(Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> strings, List<string> texts, ReadOnlySpan<char> text)
    {
        if (!strings.TryGetValue(text, out var id))
        {
            id = texts.Count;
            var kept = text.ToString();
            texts.Add(kept);
            strings[kept] = id;
        }

        return id;
    }
}
