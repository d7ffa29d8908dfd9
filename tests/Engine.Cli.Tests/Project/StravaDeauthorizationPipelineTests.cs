using System.Collections.Immutable;
using Engine.Cli.Tests.Build;
using Engine.Cli.Tests.Support;
using Engine.Connectors.Strava;
using Engine.Connectors.Strava.Auth;
using Engine.Connectors.Strava.Config;
using Engine.Connectors.Strava.Webhooks;
using Engine.TestSupport;
using Engine.Web.Serve;
using Npgsql;
using Strava.Sandbox;
using Xunit;

namespace Engine.Cli.Tests.Project;

/// <summary>
/// An athlete's deauthorization through the whole pipeline on the repository's project: the sandbox posts
/// <c>authorized: false</c> over real HTTP to the receiver, the worker forgets the athlete in staging, and the next
/// <c>engine run</c> removes them from every table of the warehouse (CDC state, change logs, dwh models) with an audit
/// row per table; the run after that changes nothing.
/// </summary>
public sealed class StravaDeauthorizationPipelineTests(ShowcaseHome home) : IClassFixture<ShowcaseHome>
{
    private const string VerifyToken = "verify-deauth-5e07";
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_deauthorized_athlete_leaves_no_row_in_staging_or_the_warehouse_and_no_token_on_disk()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            Clock = SandboxClock.At(Start),
            HistoryDays = 60,
            ReadLimit15Min = 10_000,
            ReadLimitDaily = 100_000,
            OverallLimit15Min = 10_000,
            OverallLimitDaily = 100_000,
        });
        using var project = new ProjectCopy();
        var environment = Environment(sandbox);
        var first = EngineProcess.Run(project.ProjectDir, environment, "run", "--project-dir", project.ProjectDir);
        Assert.True(first.ExitCode == 0, first.ToString());

        var gone = sandbox.Data.Athletes[^1];
        var kept = sandbox.Data.Athletes[0].Id;
        var tokens = new FileRefreshTokenStore(Path.Combine(home.Home, "strava", "tokens.json"));
        Assert.NotNull(await tokens.GetAsync(sandbox.Options.ClientId, gone.Name, CancellationToken.None));
        var holding = await RowsOfAsync("warehouse", gone.Id);
        Assert.Contains("strava.activities", holding.Keys);
        Assert.Contains("strava.athletes_changes", holding.Keys);
        Assert.Contains("dwh.fact_activity", holding.Keys);
        Assert.Contains("dwh.dim_athlete", holding.Keys);
        var keptBefore = await RowsOfAsync("warehouse", kept);

        await ListenAndDeauthorizeAsync(sandbox, gone.Id);
        var second = EngineProcess.Run(project.ProjectDir, environment, "run", "--project-dir", project.ProjectDir);
        Assert.True(second.ExitCode == 0, second.ToString());

        Assert.Empty(await RowsOfAsync("strava", gone.Id));
        Assert.Empty(await RowsOfAsync("warehouse", gone.Id));
        Assert.Null(await tokens.GetAsync(sandbox.Options.ClientId, gone.Name, CancellationToken.None));
        Assert.DoesNotContain(gone.InitialRefreshToken, await File.ReadAllTextAsync(tokens.Path));
        var audited = await AuditAsync(gone.Id);
        foreach (var table in holding.Keys.Where(t => !IsView(t)))
        {
            Assert.True(audited.ContainsKey(table), $"no erasure of {table} audited");
        }

        Assert.Equal(holding["strava.activities"], audited["strava.activities"]);
        Assert.Equal(keptBefore, await RowsOfAsync("warehouse", kept));

        var countsBefore = await CountsAsync();
        var third = EngineProcess.Run(project.ProjectDir, environment, "run", "--project-dir", project.ProjectDir);
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Equal(audited, await AuditAsync(gone.Id));
        Assert.Equal(countsBefore, await CountsAsync());
    }

    private static bool IsView(string relation) => relation.StartsWith("raw.", StringComparison.Ordinal) || relation == "dwh.bi_analysis";

    /// <summary>
    /// The rows naming <paramref name="athlete"/> in every table and view of <paramref name="database"/> outside the
    /// engine's bookkeeping (<c>_engine</c>): those with an <c>athlete_id</c> column, and the athletes tables by <c>id</c>.
    /// </summary>
    private async Task<SortedDictionary<string, long>> RowsOfAsync(string database, long athlete)
    {
        const string Catalog = """
            select table_schema, table_name, column_name from information_schema.columns
            where table_schema not in ('_engine', 'pg_catalog', 'information_schema')
              and (column_name = 'athlete_id' or (column_name = 'id' and table_name in ('athletes', 'athletes_changes')))
            order by 1, 2
            """;
        var found = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var instance = await home.Cluster.EnsureStartedAsync();
        await using var connection = new NpgsqlConnection(instance.ConnectionString(database));
        await connection.OpenAsync();
        var columns = new List<(string Schema, string Table, string Column)>();
        await using (var command = new NpgsqlCommand(Catalog, connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        Assert.NotEmpty(columns);
        foreach (var (schema, table, column) in columns)
        {
            await using var count = new NpgsqlCommand($"select count(*) from \"{schema}\".\"{table}\" where \"{column}\" = {athlete}", connection);
            if ((long)(await count.ExecuteScalarAsync())! is > 0 and var rows)
            {
                found[$"{schema}.{table}"] = rows;
            }
        }

        return found;
    }

    private async Task<SortedDictionary<string, long>> AuditAsync(long athlete)
    {
        var audited = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var instance = await home.Cluster.EnsureStartedAsync();
        await using var connection = new NpgsqlConnection(instance.ConnectionString("warehouse"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select relation, rows_deleted from _engine.strava_erasures where athlete_id = {athlete}", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            audited.Add(reader.GetString(0), reader.GetInt64(1));
        }

        return audited;
    }

    /// <summary>Rows of every base table of the warehouse's project schemas and of staging, keyed by database and table.</summary>
    private async Task<SortedDictionary<string, long>> CountsAsync()
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var instance = await home.Cluster.EnsureStartedAsync();
        foreach (var database in new[] { "strava", "warehouse" })
        {
            await using var connection = new NpgsqlConnection(instance.ConnectionString(database));
            await connection.OpenAsync();
            var tables = new List<string>();
            await using (var command = new NpgsqlCommand("""
                select format('%I.%I', table_schema, table_name) from information_schema.tables
                where table_type = 'BASE TABLE' and table_schema in ('public', 'strava', 'dwh') order by 1
                """, connection))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            foreach (var table in tables)
            {
                await using var count = new NpgsqlCommand($"select count(*) from {table}", connection);
                counts[$"{database}:{table}"] = (long)(await count.ExecuteScalarAsync())!;
            }
        }

        return counts;
    }

    /// <summary>
    /// The receiver and worker <c>engine strava listen</c> composes, in this process on loopback: subscribed through the
    /// sandbox's push subscription API, the sandbox revokes the athlete's access and posts the event, the receiver queues
    /// it in staging and the worker applies it (forgetting the athlete's staged rows and tokens).
    /// </summary>
    private async Task ListenAndDeauthorizeAsync(SandboxServer sandbox, long athlete)
    {
        var instance = await home.Cluster.EnsureStartedAsync();
        var staging = instance.ConnectionString("strava");
        var credentials = new StravaCredentials(sandbox.Options.ClientId, sandbox.Options.ClientSecret, sandbox.BaseAddress, ImmutableSortedDictionary<string, string?>.Empty);
        var receiver = new WebhookReceiver(staging, sandbox.Options.ClientId, VerifyToken);
        await receiver.EnsureQueueAsync(CancellationToken.None);
        await using var app = await WebhookEndpoints.ListenAsync(receiver, "127.0.0.1", 0, CancellationToken.None);
        var url = new Uri(app.Urls.First().TrimEnd('/') + WebhookEndpoints.Path);
        using (var client = new PushSubscriptionClient(credentials))
        {
            var created = await client.CreateAsync(url, VerifyToken, CancellationToken.None);
            await using var connection = new NpgsqlConnection(staging);
            await connection.OpenAsync();
            await WebhookQueue.SaveSubscriptionAsync(connection, sandbox.Options.ClientId, created.Id, created.CallbackUrl, CancellationToken.None);
        }

        await using var extractor = new StravaExtractor(new StravaExtractorOptions(staging, credentials, new FileRefreshTokenStore(Path.Combine(home.Home, "strava", "tokens.json"))));
        await sandbox.DeauthorizeAsync(athlete);
        Assert.Equal(200, Assert.Single(sandbox.Webhooks.Deliveries).Status);
        var summary = await extractor.ApplyWebhookEventsAsync(CancellationToken.None);
        Assert.Equal((1, 1), (summary.Events, summary.Deauthorized));
    }

    private Dictionary<string, string> Environment(SandboxServer sandbox)
    {
        var environment = new Dictionary<string, string>(home.Environment)
        {
            ["STRAVA__BASE_URL"] = sandbox.BaseAddress.ToString(),
            ["STRAVA__CLIENT_ID"] = sandbox.Options.ClientId,
            ["STRAVA__CLIENT_SECRET"] = sandbox.Options.ClientSecret,
        };
        foreach (var athlete in sandbox.Data.Athletes)
        {
            environment[$"STRAVA__ATHLETES__{athlete.Name.ToUpperInvariant()}__REFRESH_TOKEN"] = athlete.InitialRefreshToken;
        }

        return environment;
    }
}
