using System.Globalization;
using System.Net;
using System.Text.Json;
using Engine.Web.Tests.Support;
using Microsoft.Playwright;
using Xunit;

namespace Engine.Web.Tests.Browser;

/// <summary><c>engine serve</c> in Chromium: live dashboards and filters, the docs and lineage, run history.</summary>
[Collection(SiteCollection.Name)]
public sealed class ServeTests(StravaSite site)
{
    private Uri At(string path) => new(site.BaseAddress, path);

    [Theory]
    [InlineData("training")]
    [InlineData("progress")]
    [InlineData("activity_mix")]
    [InlineData("routes")]
    public async Task A_live_dashboard_loads_with_no_error_and_draws_a_mark_per_row(string name)
    {
        var page = await site.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1200 } });
        var watch = new PageWatch(page);
        await page.GotoAsync(At($"dashboards/{name}").AbsoluteUri);
        await page.WaitForSelectorAsync("body[data-rendered]");
        Assert.Empty(watch.Problems);
        foreach (var (chart, marks) in await DashboardMarks.ReadAsync(page))
        {
            Assert.True(marks.Rows > 0 && marks.Rows == marks.Marks, $"{name}.{chart}: {marks.Rows} rows, {marks.Marks} marks");
        }

        await page.CloseAsync();
    }

    [Fact]
    public async Task Choosing_an_athlete_changes_the_numbers_to_what_sql_says_for_that_athlete()
    {
        var page = await site.Browser.NewPageAsync();
        await page.GotoAsync(At("dashboards/training").AbsoluteUri);
        await page.WaitForSelectorAsync("body[data-rendered]");
        var all = await page.GetAttributeAsync("#chart-activities .value", "data-value");
        var athlete = await page.EvalOnSelectorAsync<string>("#filter-athlete", "s => s.options[1].value");
        await page.SelectOptionAsync("#filter-athlete", athlete);
        await page.WaitForSelectorAsync("body[data-rendered]");
        var one = await page.GetAttributeAsync("#chart-activities .value", "data-value");

        using var db = site.Warehouse();
        using var command = new Npgsql.NpgsqlCommand("select count(*) filter (where athlete_id = @a), count(*) from dwh.bi_analysis", db);
        command.Parameters.AddWithValue("a", long.Parse(athlete, CultureInfo.InvariantCulture));
        using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(reader.GetInt64(1).ToString(CultureInfo.InvariantCulture), all);
        Assert.Equal(reader.GetInt64(0).ToString(CultureInfo.InvariantCulture), one);
        Assert.NotEqual(all, one);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_data_endpoint_binds_filter_values_and_refuses_anything_else()
    {
        using var http = new HttpClient { BaseAddress = site.BaseAddress };
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("api/dashboards/training/data?sql=select%201")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("api/dashboards/training/data?athlete=1%20or%201=1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("api/dashboards/nope/data")).StatusCode);
        var quoted = await http.GetStringAsync("api/dashboards/training/data?sport=x'%20or%20'1'='1");
        Assert.Equal("0", JsonDocument.Parse(quoted).RootElement.GetProperty("charts").GetProperty("activities").GetProperty("rows")[0][0].GetString());
    }

    [Fact]
    public async Task The_lineage_graph_shows_every_node_of_the_manifest()
    {
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(site.Target, "manifest.json")));
        var expected = new[] { "nodes", "sources", "exposures" }
            .SelectMany(k => manifest.RootElement.GetProperty(k).EnumerateObject().Select(p => p.Name)).Order(StringComparer.Ordinal).ToList();
        Assert.Contains(expected, id => id.StartsWith("exposure.", StringComparison.Ordinal));
        var page = await site.Browser.NewPageAsync();
        var watch = new PageWatch(page);
        await page.GotoAsync(At("docs/lineage.html").AbsoluteUri);
        await page.WaitForSelectorAsync("body[data-rendered]");
        var shown = await page.EvaluateAsync<string[]>("() => window.engineLineage.nodes().map(n => n.id())");
        Assert.Equal(expected, shown.Order(StringComparer.Ordinal));
        await page.FillAsync("#lineage-search", "training");
        var faded = await page.EvaluateAsync<int>("() => window.engineLineage.nodes('.faded').length");
        Assert.True(faded > 0, "searching for a dashboard fades the nodes outside its lineage");
        Assert.Empty(watch.Problems);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Every_link_of_the_docs_site_leads_to_a_page()
    {
        var page = await site.Browser.NewPageAsync();
        var watch = new PageWatch(page);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([At("docs/index.html").AbsoluteUri]);
        while (queue.Count > 0)
        {
            var url = queue.Dequeue();
            if (!seen.Add(url))
            {
                continue;
            }

            var response = await page.GotoAsync(url);
            Assert.True(response?.Ok == true, $"{url}: HTTP {response?.Status}");
            if (!url.Contains("/docs/", StringComparison.Ordinal) || url.EndsWith("lineage.html", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var href in await page.EvalOnSelectorAllAsync<string[]>("a[href]", "links => links.map(a => a.href.split('#')[0])"))
            {
                queue.Enqueue(href);
            }
        }

        Assert.Contains(seen, u => u.EndsWith("exposure.strava.training.html", StringComparison.Ordinal));
        Assert.True(seen.Count > 60, $"{seen.Count} pages reached");
        Assert.Empty(watch.Problems);
        await page.GotoAsync(At("docs/nodes/model.strava.fact_activity_route.html").AbsoluteUri);
        Assert.Contains("summary_polyline", await page.InnerTextAsync("table.columns"), StringComparison.Ordinal);
        Assert.Contains("not_null", await page.InnerTextAsync("table.columns"), StringComparison.Ordinal);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Run_history_and_asset_status_show_the_recorded_run()
    {
        var page = await site.Browser.NewPageAsync();
        await page.GotoAsync(At("runs").AbsoluteUri);
        Assert.Contains("Succeeded", await page.InnerTextAsync("#run-1"), StringComparison.Ordinal);
        Assert.True(await page.Locator("#run-1 .timeline .bar").CountAsync() > 10);
        await page.GotoAsync(At("assets").AbsoluteUri);
        var text = await page.InnerTextAsync("main");
        Assert.Contains("dwh.fact_activity", text, StringComparison.Ordinal);
        Assert.Contains("daily_refresh", text, StringComparison.Ordinal);
        await page.CloseAsync();
    }
}
