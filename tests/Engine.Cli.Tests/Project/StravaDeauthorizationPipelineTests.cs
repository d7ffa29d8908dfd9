using Engine.Cli.Tests.Build;
using Npgsql;
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

    [Fact]
    public async Task A_deauthorized_athlete_leaves_no_row_in_staging_or_the_warehouse_and_no_token_on_disk()
    {
        await using var bed = await StravaPipelineBed.StartAsync(home, historyDays: 60);
        var first = bed.Run("run");
        Assert.True(first.ExitCode == 0, first.ToString());

        var sandbox = bed.Sandbox;
        var gone = sandbox.Data.Athletes[^1];
        var kept = sandbox.Data.Athletes[0].Id;
        var tokens = bed.Tokens;
        Assert.NotNull(await tokens.GetAsync(sandbox.Options.ClientId, gone.Name, CancellationToken.None));
        var holding = await RowsOfAsync(bed, "warehouse", gone.Id);
        Assert.Contains("strava.activities", holding.Keys);
        Assert.Contains("strava.athletes_changes", holding.Keys);
        Assert.Contains("dwh.fact_activity", holding.Keys);
        Assert.Contains("dwh.dim_athlete", holding.Keys);
        var keptBefore = await RowsOfAsync(bed, "warehouse", kept);

        await ListenAndDeauthorizeAsync(bed, gone.Id);
        var second = bed.Run("run");
        Assert.True(second.ExitCode == 0, second.ToString());

        Assert.Empty(await RowsOfAsync(bed, "strava", gone.Id));
        Assert.Empty(await RowsOfAsync(bed, "warehouse", gone.Id));
        Assert.Null(await tokens.GetAsync(sandbox.Options.ClientId, gone.Name, CancellationToken.None));
        Assert.DoesNotContain(gone.InitialRefreshToken, await File.ReadAllTextAsync(tokens.Path));
        var audited = await AuditAsync(bed, gone.Id);
        foreach (var table in holding.Keys.Where(t => !IsView(t)))
        {
            Assert.True(audited.ContainsKey(table), $"no erasure of {table} audited");
        }

        Assert.Equal(holding["strava.activities"], audited["strava.activities"]);
        Assert.Equal(keptBefore, await RowsOfAsync(bed, "warehouse", kept));

        var countsBefore = await CountsAsync(bed);
        var third = bed.Run("run");
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Equal(audited, await AuditAsync(bed, gone.Id));
        Assert.Equal(countsBefore, await CountsAsync(bed));
    }

    private static bool IsView(string relation) => relation.StartsWith("raw.", StringComparison.Ordinal) || relation == "dwh.bi_analysis";

    /// <summary>
    /// The rows naming <paramref name="athlete"/> in every table and view of <paramref name="database"/> outside the
    /// engine's bookkeeping (<c>_engine</c>): those with an <c>athlete_id</c> column, and the athletes tables by <c>id</c>.
    /// </summary>
    private static async Task<SortedDictionary<string, long>> RowsOfAsync(StravaPipelineBed bed, string database, long athlete)
    {
        const string Catalog = """
            select table_schema, table_name, column_name from information_schema.columns
            where table_schema not in ('_engine', 'pg_catalog', 'information_schema')
              and (column_name = 'athlete_id' or (column_name = 'id' and table_name in ('athletes', 'athletes_changes')))
            order by 1, 2
            """;
        var found = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using var connection = await bed.OpenAsync(database);
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

    private static async Task<SortedDictionary<string, long>> AuditAsync(StravaPipelineBed bed, long athlete)
    {
        var audited = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using var connection = await bed.OpenAsync("warehouse");
        await using var command = new NpgsqlCommand($"select relation, rows_deleted from _engine.strava_erasures where athlete_id = {athlete}", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            audited.Add(reader.GetString(0), reader.GetInt64(1));
        }

        return audited;
    }

    /// <summary>Rows of every base table of the warehouse's project schemas and of staging, keyed by database and table.</summary>
    private static async Task<SortedDictionary<string, long>> CountsAsync(StravaPipelineBed bed)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var database in new[] { "strava", "warehouse" })
        {
            await using var connection = await bed.OpenAsync(database);
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
    /// The receiver <c>engine strava listen</c> composes and its worker, in this process: the sandbox revokes the
    /// athlete's access and posts the event, the receiver queues it in staging and the worker applies it (forgetting the
    /// athlete's staged rows and tokens).
    /// </summary>
    private static async Task ListenAndDeauthorizeAsync(StravaPipelineBed bed, long athlete)
    {
        await using var listener = await bed.ListenAsync(VerifyToken);
        await using var extractor = await bed.ExtractorAsync();
        await bed.Sandbox.DeauthorizeAsync(athlete);
        Assert.Equal(200, Assert.Single(bed.Sandbox.Webhooks.Deliveries).Status);
        var summary = await extractor.ApplyWebhookEventsAsync(CancellationToken.None);
        Assert.Equal((1, 1), (summary.Events, summary.Deauthorized));
    }
}
