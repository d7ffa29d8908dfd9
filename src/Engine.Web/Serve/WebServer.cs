using System.Net;
using Engine.Core.Compilation.Dashboards;
using Engine.Orchestration.State;
using Engine.Orchestration.Status;
using Engine.Runtime.Sessions;
using Engine.Warehouse;
using Engine.Web.Dashboards;
using Engine.Web.Docs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Engine.Web.Serve;

/// <summary>
/// <c>engine serve</c>: one Kestrel server for the docs site, the dashboards with live filters, the run history and the
/// asset status. Read-only: the only SQL it runs is the dashboards' declared queries, filter values bound as
/// parameters, and the state store's reads.
/// </summary>
public sealed class WebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IWarehouse _warehouse;

    private WebServer(WebApplication app, IWarehouse warehouse)
    {
        _app = app;
        _warehouse = warehouse;
    }

    public IReadOnlyCollection<string> Urls => [.. _app.Urls];

    /// <param name="webhooks">Strava's callback to mount at <see cref="WebhookEndpoints.Path"/>, when the project receives webhooks.</param>
    public static async Task<WebServer> StartAsync(
        ProjectSession session, string host, int port, TextWriter log, CancellationToken cancellationToken, Connectors.Strava.Webhooks.WebhookReceiver? webhooks = null)
    {
        var (_, site, _) = await DocsGenerator.GenerateAsync(session, cancellationToken).ConfigureAwait(false);
        var dashboards = session.Compile(session.SelectNodes()).Dashboards.ToDictionary(d => d.Definition.Name, StringComparer.Ordinal);
        var warehouse = await session.Warehouse.ConnectAsync(session.Target, session.Environment, cancellationToken).ConfigureAwait(false);
        var builder = ServerBuilder.Create();
        builder.WebHost.UseKestrel(k => k.Listen(Address(host), port));
        var app = builder.Build();
        var project = session.Definition.Name;
        var tileUrl = session.Settings.Get(StaticDashboards.TileUrlSetting);

        app.MapGet("/", () => Results.Content(ServePages.Home(project, dashboards.Values), "text/html; charset=utf-8"));
        app.MapGet("/assets/serve.css", () => Results.Content(WebAssets.Text("serve.css"), "text/css"));
        app.MapGet("/dashboards/{name}", async (string name, CancellationToken token) =>
        {
            if (!dashboards.TryGetValue(name, out var dashboard))
            {
                return Results.NotFound();
            }

            await using var s = await warehouse.OpenSessionAsync(token).ConfigureAwait(false);
            var options = await DashboardQueries.RunAsync(s, dashboard with { Charts = [] }, new Dictionary<string, string?>(), withOptions: true, token).ConfigureAwait(false);
            var links = dashboards.Values.Where(o => o != dashboard).Select(o => ($"/dashboards/{o.Definition.Name}", o.Definition.Title)).Prepend(("/", "Home")).ToList();
            return Results.Content(DashboardPage.Render(options with { Dashboard = dashboard }, live: true, tileUrl, null, links), "text/html; charset=utf-8");
        });
        app.MapGet("/api/dashboards/{name}/data", async (string name, HttpRequest request, CancellationToken token) =>
            dashboards.TryGetValue(name, out var dashboard)
                ? await DataAsync(warehouse, dashboard, request, token).ConfigureAwait(false)
                : Results.NotFound());
        app.MapGet("/runs", async (CancellationToken token) =>
        {
            // The newest runs with their nodes (the list holds runs alone), older ones as one line each.
            var runs = await RunHistory.ListAsync(session, 50, TimeProvider.System, token).ConfigureAwait(false);
            var detailed = new List<RunRecord>();
            foreach (var run in runs)
            {
                detailed.Add(detailed.Count < 5 ? await RunHistory.ShowAsync(session, run.Id, TimeProvider.System, token).ConfigureAwait(false) : run);
            }

            return Results.Content(OperationsPages.Runs(project, detailed), "text/html; charset=utf-8");
        });
        app.MapGet("/assets", async (CancellationToken token) =>
            Results.Content(OperationsPages.Status(project, await StatusReader.ReadAsync(session, TimeProvider.System, token).ConfigureAwait(false)), "text/html; charset=utf-8"));
        app.UseFileServer(new FileServerOptions { RequestPath = "/docs", FileProvider = new PhysicalFileProvider(site) });
        if (webhooks is not null)
        {
            WebhookEndpoints.Map(app, webhooks);
        }

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        log.WriteLine($"Serving {project} on {string.Join(", ", app.Urls)} (docs, {dashboards.Count} dashboards, runs); Ctrl+C to stop");
        return new WebServer(app, warehouse);
    }

    /// <summary>Filter values from the query string, each bound as its filter's type; unknown names and bad values are refused.</summary>
    private static async Task<IResult> DataAsync(IWarehouse warehouse, CompiledDashboard dashboard, HttpRequest request, CancellationToken token)
    {
        var known = dashboard.Definition.Filters.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query)
        {
            if (!known.Contains(key))
            {
                return Results.BadRequest($"unknown filter '{key}'");
            }

            values[key] = value.ToString();
        }

        try
        {
            await using var s = await warehouse.OpenSessionAsync(token).ConfigureAwait(false);
            var data = await DashboardQueries.RunAsync(s, dashboard, values, withOptions: false, token).ConfigureAwait(false);
            return Results.Content(DashboardJson.Data(data), "application/json");
        }
        catch (FormatException e)
        {
            return Results.BadRequest($"a filter value is not valid for its type: {e.Message}");
        }
        catch (OverflowException e)
        {
            return Results.BadRequest($"a filter value is out of range: {e.Message}");
        }
    }

    private static IPAddress Address(string host) =>
        host is "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var ip) ? ip : Dns.GetHostAddresses(host)[0];

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
        await _warehouse.DisposeAsync().ConfigureAwait(false);
    }
}
