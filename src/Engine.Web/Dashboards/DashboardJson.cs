using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Engine.Core.Compilation.Dashboards;
using Engine.Core.Project.Dashboards;

namespace Engine.Web.Dashboards;

/// <summary>
/// The JSON a dashboard page reads: the spec (charts, encodings, filters) and the data (each chart's rows). Route
/// columns are sent decoded and simplified, as [lat, lng] pairs rounded to 1e-5 degrees. The default encoder escapes
/// '&lt;', so the JSON is safe inside a script element.
/// </summary>
public static class DashboardJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.Default };

    public static string Spec(CompiledDashboard dashboard, bool live, string? dataUrl, string? tileUrl)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            var d = dashboard.Definition;
            json.WriteStartObject();
            json.WriteString("name", d.Name);
            json.WriteString("title", d.Title);
            json.WriteBoolean("live", live);
            json.WriteString("dataUrl", dataUrl);
            json.WriteString("tileUrl", tileUrl);
            json.WriteStartArray("filters");
            foreach (var f in d.Filters)
            {
                json.WriteStartObject();
                json.WriteString("name", f.Name);
                json.WriteString("label", f.Label);
                json.WriteString("type", f.ValueType);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("charts");
            foreach (var c in dashboard.Charts.Select(c => c.Chart))
            {
                WriteChart(json, c);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteChart(Utf8JsonWriter json, ChartDefinition c)
    {
        json.WriteStartObject();
        json.WriteString("name", c.Name);
        json.WriteString("title", c.Title);
        json.WriteString("type", c.Type);
        json.WriteStartObject("encoding");
        json.WriteString("x", c.Encoding.X);
        json.WriteStartArray("y");
        foreach (var y in c.Encoding.Y)
        {
            json.WriteStringValue(y);
        }

        json.WriteEndArray();
        json.WriteString("series", c.Encoding.Series);
        json.WriteString("route", c.Encoding.Route);
        json.WriteString("units", c.Encoding.Units);
        json.WriteString("format", c.Encoding.Format);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static void WriteData(Stream stream, DashboardData data)
    {
        using var json = new Utf8JsonWriter(stream, Options);
        json.WriteStartObject();
        json.WriteStartObject("charts");
        foreach (var chart in data.Dashboard.Charts)
        {
            if (data.Charts.TryGetValue(chart.Chart.Name, out var rows))
            {
                json.WritePropertyName(chart.Chart.Name);
                WriteRows(json, rows, chart.Chart.Encoding.Route);
            }
        }

        json.WriteEndObject();
        json.WriteStartObject("options");
        foreach (var (name, options) in data.Options)
        {
            json.WriteStartArray(name);
            foreach (var (value, label) in options)
            {
                json.WriteStartArray();
                json.WriteStringValue(value);
                json.WriteStringValue(label);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static string Data(DashboardData data)
    {
        using var buffer = new MemoryStream();
        WriteData(buffer, data);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteRows(Utf8JsonWriter json, ChartData rows, string? routeColumn)
    {
        var route = routeColumn is null ? -1 : rows.Columns.IndexOf(routeColumn);
        json.WriteStartObject();
        json.WriteStartArray("columns");
        foreach (var c in rows.Columns)
        {
            json.WriteStringValue(c);
        }

        json.WriteEndArray();
        json.WriteStartArray("rows");
        foreach (var row in rows.Rows)
        {
            json.WriteStartArray();
            for (var i = 0; i < row.Length; i++)
            {
                if (i == route && row[i] is { } encoded)
                {
                    WriteRoute(json, encoded);
                }
                else
                {
                    json.WriteStringValue(row[i]);
                }
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteRoute(Utf8JsonWriter json, string encoded)
    {
        json.WriteStartArray();
        foreach (var (lat, lng) in RouteSimplifier.Simplify(Polyline.Decode(encoded)))
        {
            json.WriteStartArray();
            json.WriteRawValue(Math.Round(lat, 5).ToString("0.#####", CultureInfo.InvariantCulture));
            json.WriteRawValue(Math.Round(lng, 5).ToString("0.#####", CultureInfo.InvariantCulture));
            json.WriteEndArray();
        }

        json.WriteEndArray();
    }
}
