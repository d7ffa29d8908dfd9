namespace Engine.Core.Project.Dashboards;

/// <summary>The chart types a dashboard may declare, and the encodings each one needs.</summary>
public static class ChartTypes
{
    public const string Number = "number";
    public const string Line = "line";
    public const string Bar = "bar";
    public const string Area = "area";
    public const string Table = "table";
    public const string Map = "map";
    public const string Calendar = "calendar";

    public static IReadOnlyList<string> All { get; } = [Number, Line, Bar, Area, Table, Map, Calendar];

    /// <summary>The encoding keys a type cannot do without; null when the type is valid with any.</summary>
    public static IReadOnlyList<string> Required(string type) => type switch
    {
        Number => ["y"],
        Line or Bar or Area => ["x", "y"],
        Map => ["route"],
        Calendar => ["x", "y"],
        _ => [],
    };
}
