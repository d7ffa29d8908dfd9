using System.Text;

namespace Strava.Sandbox.Data;

/// <summary>Google's encoded polyline format (precision 1e5), as Strava sends <c>map.summary_polyline</c>.</summary>
public static class Polyline
{
    public static string Encode(IEnumerable<(double Lat, double Lng)> points)
    {
        var text = new StringBuilder();
        long lastLat = 0, lastLng = 0;
        foreach (var (lat, lng) in points)
        {
            var la = (long)Math.Round(lat * 1e5);
            var ln = (long)Math.Round(lng * 1e5);
            Append(text, la - lastLat);
            Append(text, ln - lastLng);
            lastLat = la;
            lastLng = ln;
        }

        return text.ToString();
    }

    public static IReadOnlyList<(double Lat, double Lng)> Decode(string encoded)
    {
        var points = new List<(double, double)>();
        int index = 0;
        long lat = 0, lng = 0;
        while (index < encoded.Length)
        {
            lat += Next(encoded, ref index);
            lng += Next(encoded, ref index);
            points.Add((lat / 1e5, lng / 1e5));
        }

        return points;
    }

    private static void Append(StringBuilder text, long value)
    {
        var v = value < 0 ? ~(value << 1) : value << 1;
        while (v >= 0x20)
        {
            text.Append((char)((0x20 | (v & 0x1f)) + 63));
            v >>= 5;
        }

        text.Append((char)(v + 63));
    }

    private static long Next(string encoded, ref int index)
    {
        long result = 0;
        var shift = 0;
        int chunk;
        do
        {
            chunk = encoded[index++] - 63;
            result |= (long)(chunk & 0x1f) << shift;
            shift += 5;
        }
        while (chunk >= 0x20 && index < encoded.Length);

        return (result & 1) != 0 ? ~(result >> 1) : result >> 1;
    }
}
