using Engine.Cli.Tests.Build;
using Npgsql;
using Strava.Sandbox.Data;
using Xunit;

namespace Engine.Cli.Tests.Project;

/// <summary>
/// The README's pipeline on the repository's project: <c>engine run</c> against a Strava sandbox whose clock the test
/// moves, so the second run has new and edited activities to pick up.
/// </summary>
public sealed class StravaPipelineTests(ShowcaseHome home) : IClassFixture<ShowcaseHome>
{
    private static readonly DateTimeOffset Start = StravaPipelineBed.Start;

    [Fact]
    public async Task A_second_run_rewrites_only_new_and_changed_activities_and_equals_a_full_refresh()
    {
        await using var bed = await StravaPipelineBed.StartAsync(home, historyDays: 150);
        var sandbox = bed.Sandbox;

        var first = bed.Run("run");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Matches(@"build +ok .*, (\d+) of \1 tests passed", first.Stdout);
        Assert.Matches(@"dwh\.fact_activity +[\d,]+ +incremental", first.Stdout);
        var before = await FactRowsAsync(bed);
        Assert.NotEmpty(before);

        // Two edits of recent activities (inside the extract's lookback) and two days of new activities.
        var recent = sandbox.Data.Visible(sandbox.Data.Athletes[0].Id, Start).Take(2).Select(a => a.Id).ToList();
        sandbox.Data.Edit(new ActivityEdit(Start.AddHours(1), recent[0]) { Name = "Renamed after the upload" });
        sandbox.Data.Edit(new ActivityEdit(Start.AddHours(1), recent[1]) { SportType = "TrailRun" });
        sandbox.Clock.Advance(TimeSpan.FromDays(2));

        var second = bed.Run("run");
        Assert.True(second.ExitCode == 0, second.ToString());
        var after = await FactRowsAsync(bed);
        var secondLoad = after.Values.Max(r => r.LoadedAt);
        var touched = after.Where(kv => kv.Value.LoadedAt == secondLoad).Select(kv => kv.Key).ToHashSet();

        var added = after.Keys.Except(before.Keys).ToHashSet();
        var changed = after.Keys.Intersect(before.Keys).Where(id => after[id].Values != before[id].Values).ToHashSet();
        Assert.NotEmpty(added);
        Assert.Contains(recent[0], changed);
        Assert.Contains(recent[1], changed);
        Assert.Equal(added.Union(changed).Order(), touched.Order());
        Assert.True(touched.Count * 10 < after.Count, $"{touched.Count} of {after.Count} rows rewritten");
        foreach (var id in before.Keys.Intersect(after.Keys).Except(touched))
        {
            Assert.Equal(before[id], after[id]);
        }

        var refresh = bed.Run("build", "--select", "fact_activity", "--full-refresh");
        Assert.True(refresh.ExitCode == 0, refresh.ToString());
        var rebuilt = await FactRowsAsync(bed);
        Assert.Equal(after.Count, rebuilt.Count);
        foreach (var (id, row) in after)
        {
            Assert.Equal(row.Values, rebuilt[id].Values);
        }
    }

    /// <summary>
    /// Every fact row: its values as text and when it was written. All columns but those that record the row's own
    /// history, which a rebuild cannot know: loaded_at, and previous_started_at and previous_source_lsn (the values
    /// before the row's last change, which the monthly snapshot reads; a full build writes the row's own).
    /// </summary>
    private static async Task<Dictionary<long, FactRow>> FactRowsAsync(StravaPipelineBed bed)
    {
        await using var connection = await bed.OpenAsync("warehouse");
        await using var command = new NpgsqlCommand(
            "select activity_id, loaded_at, (to_jsonb(f) - 'loaded_at' - 'previous_started_at' - 'previous_source_lsn')::text from dwh.fact_activity f", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<long, FactRow>();
        while (await reader.ReadAsync())
        {
            rows[reader.GetInt64(0)] = new FactRow(reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2));
        }

        return rows;
    }

    private sealed record FactRow(DateTimeOffset LoadedAt, string Values);
}
