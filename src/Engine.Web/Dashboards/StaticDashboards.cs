using System.Globalization;
using Engine.Runtime.Sessions;

namespace Engine.Web.Dashboards;

/// <summary><c>engine dashboards build</c>: one self-contained HTML file per dashboard under target/dashboards/, its data embedded.</summary>
public static class StaticDashboards
{
    public static async Task<IReadOnlyList<(string Path, long Bytes)>> BuildAsync(ProjectSession session, CancellationToken cancellationToken)
    {
        var compiled = session.Compile(session.SelectNodes());
        var folder = Path.Combine(session.Definition.TargetDirectory, "dashboards");
        Directory.CreateDirectory(folder);
        var written = new List<(string, long)>();
        if (compiled.Dashboards.IsEmpty)
        {
            return written;
        }

        await using var warehouse = await session.Warehouse.ConnectAsync(session.Target, session.Environment, cancellationToken).ConfigureAwait(false);
        await using var warehouseSession = await warehouse.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        var stamp = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var tileUrl = session.Settings.Get(TileUrlSetting);
        foreach (var dashboard in compiled.Dashboards)
        {
            var data = await DashboardQueries.RunAsync(warehouseSession, dashboard, new Dictionary<string, string?>(), withOptions: true, cancellationToken).ConfigureAwait(false);
            var path = Path.Combine(folder, dashboard.Definition.Name + ".html");
            var links = compiled.Dashboards.Where(o => o != dashboard).Select(o => ($"{o.Definition.Name}.html", o.Definition.Title)).ToList();
            await File.WriteAllTextAsync(path, DashboardPage.Render(data, live: false, tileUrl, stamp, links), cancellationToken).ConfigureAwait(false);
            written.Add((path, new FileInfo(path).Length));
        }

        return written;
    }

    /// <summary>The setting that adds a tile layer under the routes map (e.g. an XYZ URL of a tile server you may use).</summary>
    public const string TileUrlSetting = "ENGINE_MAP_TILE_URL";

}
