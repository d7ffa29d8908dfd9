using Engine.Web.Tests.Support;
using Microsoft.Playwright;
using Xunit;

namespace Engine.Web.Tests.Browser;

/// <summary>The files of <c>engine dashboards build</c>, opened from disk in Chromium with the network cut off.</summary>
[Collection(SiteCollection.Name)]
public sealed class StaticDashboardTests(StravaSite site)
{
    [Fact]
    public async Task Every_static_dashboard_opens_offline_with_no_error_and_draws_a_mark_per_row()
    {
        var files = Directory.GetFiles(Path.Combine(site.Target, "dashboards"), "*.html");
        Assert.Equal(4, files.Length);
        await using var context = await site.Browser.NewContextAsync(new BrowserNewContextOptions { Offline = true, ViewportSize = new ViewportSize { Width = 1400, Height = 1200 } });
        foreach (var file in files)
        {
            Assert.True(new FileInfo(file).Length < 2 * 1024 * 1024, $"{file} is over 2 MB");
            var page = await context.NewPageAsync();
            var watch = new PageWatch(page);
            var requests = new List<string>();
            page.Request += (_, r) => requests.Add(r.Url);
            await page.GotoAsync(new Uri(file).AbsoluteUri);
            await page.WaitForSelectorAsync("body[data-rendered]");
            Assert.Empty(watch.Problems);
            Assert.All(requests, url => Assert.StartsWith("file://", url, StringComparison.Ordinal));
            var marks = await DashboardMarks.ReadAsync(page);
            Assert.NotEmpty(marks);
            foreach (var (name, chart) in marks)
            {
                Assert.True(chart.Rows > 0, $"{Path.GetFileName(file)} {name} has no rows");
                Assert.True(chart.Rows == chart.Marks, $"{Path.GetFileName(file)} {name} ({chart.Type}): {chart.Rows} rows but {chart.Marks} marks");
                Assert.True(chart.Type is "number" or "table" || chart.Svg > 0, $"{name} drew no SVG");
            }

            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(site.Root, Path.GetFileNameWithoutExtension(file) + ".png"), FullPage = true });
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task The_numbers_of_a_static_dashboard_are_what_sql_says()
    {
        await using var context = await site.Browser.NewContextAsync(new BrowserNewContextOptions { Offline = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(Path.Combine(site.Target, "dashboards", "training.html")).AbsoluteUri);
        await page.WaitForSelectorAsync("body[data-rendered]");
        using var db = site.Warehouse();
        using var command = new Npgsql.NpgsqlCommand("select count(*), round(cast(sum(distance_m) / 1000 as numeric), 0) from dwh.bi_analysis", db);
        using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(reader.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture), await page.GetAttributeAsync("#chart-activities .value", "data-value"));
        Assert.Equal(reader.GetDecimal(1).ToString(System.Globalization.CultureInfo.InvariantCulture), await page.GetAttributeAsync("#chart-total_distance .value", "data-value"));
    }
}
