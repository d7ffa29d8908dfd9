using Engine.Cli.Tests.Build;
using Npgsql;
using Xunit;

namespace Engine.Cli.Tests.Project;

/// <summary>
/// <c>engine run</c> starts its sync together with the extract, to drain once the extract has succeeded. An extract that
/// fails stops that sync: nothing it streamed is applied, it is reported skipped, and the next run applies it all once.
/// </summary>
public sealed class StravaFailedExtractPipelineTests(ShowcaseHome home) : IClassFixture<ShowcaseHome>
{
    [Fact]
    public async Task An_extract_that_fails_stops_the_sync_started_with_it_and_the_next_run_applies_what_staging_holds()
    {
        await using var bed = await StravaPipelineBed.StartAsync(home, historyDays: 30);
        var first = bed.Run("run");
        Assert.True(first.ExitCode == 0, first.ToString());

        // A change in staging (the oldest activity, outside the extract's look-back) that a sync draining anyway would carry.
        var id = await bed.ScalarAsync<long>("strava", "SELECT id FROM public.activities ORDER BY start_date, id LIMIT 1");
        var name = await bed.ScalarAsync<string>("warehouse", $"SELECT name FROM strava.activities WHERE id = {id}");
        await using (var staging = await bed.OpenAsync("strava"))
        {
            await using var command = new NpgsqlCommand($"UPDATE public.activities SET name = 'Renamed in staging' WHERE id = {id}", staging);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        bed.Sandbox.Faults.RejectValidTokens(1_000);
        var failed = bed.Run("run");
        Assert.True(failed.ExitCode != 0, failed.ToString());
        Assert.Matches(@"extract +FAILED", failed.Stdout);
        Assert.Matches(@"sync +skipped", failed.Stdout);
        Assert.DoesNotContain("Synced source", failed.Stdout, StringComparison.Ordinal);
        Assert.Equal(name, await bed.ScalarAsync<string>("warehouse", $"SELECT name FROM strava.activities WHERE id = {id}"));
        Assert.False(await bed.ScalarAsync<bool>("strava", "SELECT coalesce(bool_or(active), false) FROM pg_replication_slots"));

        bed.Sandbox.Faults.Reset();
        var next = bed.Run("run");
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal("Renamed in staging", await bed.ScalarAsync<string>("warehouse", $"SELECT name FROM strava.activities WHERE id = {id}"));
        Assert.Equal(1L, await bed.ScalarAsync<long>("warehouse", "SELECT count(*) FROM strava.activities_changes WHERE name = 'Renamed in staging'"));
    }
}
