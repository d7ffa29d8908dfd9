namespace Engine.Web.Dashboards;

/// <summary>
/// Douglas–Peucker simplification: keeps the points that move a route more than a tolerance away from the straight
/// line between the points kept, so a page of many routes stays small while each still reads as its shape.
/// </summary>
public static class RouteSimplifier
{
    /// <param name="tolerance">In degrees; 1e-4 is about 11 m, finer than a route drawn a few hundred pixels wide shows.</param>
    public static List<(double Lat, double Lng)> Simplify(IReadOnlyList<(double Lat, double Lng)> points, double tolerance = 1e-4)
    {
        if (points.Count < 3)
        {
            return [.. points];
        }

        var keep = new bool[points.Count];
        keep[0] = keep[^1] = true;
        var stack = new Stack<(int First, int Last)>();
        stack.Push((0, points.Count - 1));
        while (stack.Count > 0)
        {
            var (first, last) = stack.Pop();
            var (farthest, distance) = (-1, 0.0);
            for (var i = first + 1; i < last; i++)
            {
                var d = Distance(points[i], points[first], points[last]);
                if (d > distance)
                {
                    (farthest, distance) = (i, d);
                }
            }

            if (farthest >= 0 && distance > tolerance)
            {
                keep[farthest] = true;
                stack.Push((first, farthest));
                stack.Push((farthest, last));
            }
        }

        return [.. points.Where((_, i) => keep[i])];
    }

    private static double Distance((double Lat, double Lng) p, (double Lat, double Lng) a, (double Lat, double Lng) b)
    {
        var (dx, dy) = (b.Lng - a.Lng, b.Lat - a.Lat);
        var length = (dx * dx) + (dy * dy);
        if (length == 0)
        {
            return Math.Sqrt(Math.Pow(p.Lng - a.Lng, 2) + Math.Pow(p.Lat - a.Lat, 2));
        }

        var t = Math.Clamp((((p.Lng - a.Lng) * dx) + ((p.Lat - a.Lat) * dy)) / length, 0, 1);
        return Math.Sqrt(Math.Pow(p.Lng - (a.Lng + (t * dx)), 2) + Math.Pow(p.Lat - (a.Lat + (t * dy)), 2));
    }
}
