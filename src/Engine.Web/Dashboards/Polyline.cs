namespace Engine.Web.Dashboards;

/// <summary>
/// Google's encoded polyline format (precision 1e5), as Strava's <c>summary_polyline</c>: each coordinate a zig-zag
/// varint of 5-bit chunks offset by 63, latitude then longitude, each a delta from the previous point.
/// </summary>
public static class Polyline
{
    /// <summary>The points as (latitude, longitude); a truncated or invalid text yields the points read before the fault.</summary>
    public static List<(double Lat, double Lng)> Decode(string encoded)
    {
        var points = new List<(double, double)>(encoded.Length / 4);
        int index = 0, lat = 0, lng = 0;
        while (index < encoded.Length)
        {
            if (Next(encoded, ref index) is not { } dLat || Next(encoded, ref index) is not { } dLng)
            {
                break;
            }

            lat += dLat;
            lng += dLng;
            points.Add((lat / 1e5, lng / 1e5));
        }

        return points;
    }

    private static int? Next(string text, ref int index)
    {
        int result = 0, shift = 0;
        while (index < text.Length)
        {
            var chunk = text[index++] - 63;
            if (chunk is < 0 or > 63 || shift > 30)
            {
                return null;
            }

            result |= (chunk & 0x1f) << shift;
            shift += 5;
            if (chunk < 0x20)
            {
                return (result & 1) != 0 ? ~(result >> 1) : result >> 1;
            }
        }

        return null;
    }
}
