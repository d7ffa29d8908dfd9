using System.Text.RegularExpressions;
using Engine.Cli.Tests.Support;
using Engine.TestSupport;
using Engine.Warehouse.Postgres.LocalCluster;
using Npgsql;
using Xunit;
using Xunit.Abstractions;
using static Engine.Cli.Tests.Project.CorrectnessDataset;

namespace Engine.Cli.Tests.Project;

/// <summary>
/// The correctness test of the Strava project: the hand-made dataset goes into staging, the real engine runs the
/// pipeline (sync, build) on its own managed cluster, and every dwh table must equal what
/// <see cref="ExpectedWarehouse"/> computes from the dataset without SQL. Twice: after the first load, and after
/// profile changes, an edit, a deletion and new activities (an incremental run).
/// </summary>
public sealed partial class ProjectCorrectnessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_dwh_table_equals_values_computed_independently_from_the_dataset_before_and_after_changes()
    {
        using var project = new ProjectCopy();
        var pipeline = File.ReadAllText(Path.Combine(project.ProjectDir, "pipeline.yml"));
        Assert.Contains("steps: [extract, sync, build]", pipeline, StringComparison.Ordinal);
        // Staging is written by this test: the extract step would add the sandbox's athletes to it.
        project.Write("pipeline.yml", pipeline.Replace("steps: [extract, sync, build]", "steps: [sync, build]", StringComparison.Ordinal));
        var home = Path.Combine(project.Root, "home");
        var environment = new Dictionary<string, string> { ["ENGINE_HOME"] = home };
        var cluster = new LocalPostgresCluster(Path.Combine(home, "postgres"));
        try
        {
            var instance = await cluster.EnsureStartedAsync();
            await instance.EnsureDatabaseAsync("strava");
            var staging = new StagingWriter(instance.ConnectionString("strava"));
            await staging.CreateTablesAsync();
            await staging.InsertAsync(InitialAthletes, InitialActivities);

            var firstRun = await RunPipelineAsync(project, environment);
            var phase1 = new ExpectedWarehouse([.. InitialAthletes.Select(a => (a, firstRun))], InitialActivities);
            await using var warehouse = new NpgsqlConnection(instance.ConnectionString("warehouse"));
            await warehouse.OpenAsync();
            await AssertWarehouseAsync(warehouse, phase1, _ => firstRun, _ => firstRun, firstRun);

            var changeLog = InitialAthletes.Select(a => (a, firstRun)).ToList();
            foreach (var athlete in AthleteUpdates)
            {
                changeLog.Add((athlete, await Between.AroundAsync(() => staging.UpdateAsync(athlete))));
            }

            // A delete carries no profile: the change log gains no version.
            await staging.DeleteAthleteAsync(Dana);

            var activityChanges = await Between.AroundAsync(async () =>
            {
                await staging.UpdateAsync(EditedActivity);
                await staging.DeleteActivityAsync(DeletedId);
                foreach (var activity in NewActivities)
                {
                    await staging.InsertAsync(activity);
                }
            });

            var secondRun = await RunPipelineAsync(project, environment);
            var phase2 = new ExpectedWarehouse(changeLog, FinalActivities);
            var changed = NewActivities.Select(a => a.Id).Append(EditedId).ToHashSet();
            // The incremental run rewrites changed activities and those whose athlete version is no longer the same.
            bool Rewritten(DatasetActivity a) => changed.Contains(a.Id) || phase1.VersionAt(a.AthleteId, a.StartDate).Key != phase2.VersionAt(a.AthleteId, a.StartDate).Key;
            Assert.Contains(FinalActivities, a => !Rewritten(a));
            Assert.Contains(FinalActivities, a => !changed.Contains(a.Id) && Rewritten(a));
            await AssertWarehouseAsync(
                warehouse,
                phase2,
                a => changed.Contains(a.Id) ? activityChanges : firstRun,
                a => Rewritten(a) ? secondRun : firstRun,
                secondRun);
        }
        finally
        {
            await cluster.DestroyAsync();
        }
    }

    /// <summary>
    /// An edit that moves an activity to another month, the only one of its old month: the monthly snapshot's
    /// incremental run aggregates again both months (the old one from the start the fact kept) and removes the emptied
    /// one, and every dwh table still equals the values computed from the dataset. Nothing else changes, so no athlete's
    /// whole history is aggregated again (no deletion, no profile change).
    /// </summary>
    [Fact]
    public async Task An_activity_moved_to_another_month_leaves_the_monthly_snapshot_equal_to_values_computed_from_the_dataset()
    {
        using var project = new ProjectCopy();
        var pipeline = File.ReadAllText(Path.Combine(project.ProjectDir, "pipeline.yml"));
        project.Write("pipeline.yml", pipeline.Replace("steps: [extract, sync, build]", "steps: [sync, build]", StringComparison.Ordinal));
        var home = Path.Combine(project.Root, "home");
        var environment = new Dictionary<string, string> { ["ENGINE_HOME"] = home };
        var cluster = new LocalPostgresCluster(Path.Combine(home, "postgres"));
        try
        {
            var instance = await cluster.EnsureStartedAsync();
            await instance.EnsureDatabaseAsync("strava");
            var staging = new StagingWriter(instance.ConnectionString("strava"));
            await staging.CreateTablesAsync();
            await staging.InsertAsync(InitialAthletes, InitialActivities);
            var firstRun = await RunPipelineAsync(project, environment);

            // Bruno's only April ride moves to February, beside his Valentine run.
            var moved = InitialActivities.Single(a => a.Id == 6004) with { StartDate = Utc(2024, 2, 20, 8) };
            Assert.Single(InitialActivities, a => a.AthleteId == Bruno && a.StartDate.Year == 2024 && a.StartDate.Month == 4);
            var edit = await Between.AroundAsync(() => staging.UpdateAsync(moved));
            var secondRun = await RunPipelineAsync(project, environment);

            var expected = new ExpectedWarehouse([.. InitialAthletes.Select(a => (a, firstRun))], [.. InitialActivities.Select(a => a.Id == moved.Id ? moved : a)]);
            await using var warehouse = new NpgsqlConnection(instance.ConnectionString("warehouse"));
            await warehouse.OpenAsync();
            await AssertWarehouseAsync(warehouse, expected, a => a.Id == moved.Id ? edit : firstRun, a => a.Id == moved.Id ? secondRun : firstRun, secondRun);
        }
        finally
        {
            await cluster.DestroyAsync();
        }
    }

    /// <summary>Runs <c>engine run</c>, asserts it ran every test green, and returns the window its run started in.</summary>
    private async Task<Between> RunPipelineAsync(ProjectCopy project, Dictionary<string, string> environment)
    {
        EngineResult? result = null;
        var window = await Between.AroundAsync(() =>
        {
            result = EngineProcess.Run(project.Root, environment, "run", "--project-dir", project.ProjectDir);
            return Task.CompletedTask;
        });
        Assert.True(result!.ExitCode == 0, result.ToString());
        Assert.Contains("sync     ok", result.Stdout, StringComparison.Ordinal);
        var done = BuildSummary().Match(result.Stdout);
        Assert.True(done.Success, "no build summary in the output:\n" + result);
        Assert.True(done.Groups["error"].Value == "0" && done.Groups["warn"].Value == "0" && done.Groups["skip"].Value == "0", "not every test passed:\n" + result);
        Assert.DoesNotContain("ERROR", result.Stdout.Replace("ERROR=0", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        output.WriteLine(result.Stdout);
        return window;
    }

    private static async Task AssertWarehouseAsync(
        NpgsqlConnection warehouse,
        ExpectedWarehouse expected,
        Func<DatasetActivity, Between> extractedAt,
        Func<DatasetActivity, Between> loadedAt,
        Between run)
    {
        RowComparison.AssertRows("dwh.dim_athlete", expected.DimAthlete(), await RowComparison.ReadAsync(warehouse, "select * from dwh.dim_athlete"), "athlete_id", "version");
        RowComparison.AssertRows("dwh.dim_activity", expected.DimActivity(), await RowComparison.ReadAsync(warehouse, "select * from dwh.dim_activity"), "activity_type");
        RowComparison.AssertRows("dwh.dim_location", expected.DimLocation(), await RowComparison.ReadAsync(warehouse, "select * from dwh.dim_location"), "city", "state", "country");
        RowComparison.AssertRows("dwh.fact_activity", expected.FactActivity(extractedAt, loadedAt), await RowComparison.ReadAsync(warehouse, "select * from dwh.fact_activity"), "activity_id");
        RowComparison.AssertRows("dwh.fact_monthly_activities_snapshot", expected.MonthlySnapshot(), await RowComparison.ReadAsync(warehouse, "select * from dwh.fact_monthly_activities_snapshot"), "athlete_id", "month_start_date");
        RowComparison.AssertRows("dwh.fact_activity_route", expected.Route(), await RowComparison.ReadAsync(warehouse, "select * from dwh.fact_activity_route"), "activity_id");
        RowComparison.AssertRows("dwh.bi_analysis", expected.BiAnalysis(), await RowComparison.ReadAsync(warehouse, "select * from dwh.bi_analysis"), "activity_id");

        var days = new[] { new DateOnly(2010, 1, 1), new DateOnly(2024, 2, 29), new DateOnly(2024, 9, 30), new DateOnly(2024, 12, 29), new DateOnly(2024, 12, 30), new DateOnly(2025, 1, 5) };
        RowComparison.AssertRows("dwh.dim_date", [.. days.Select(ExpectedWarehouse.DateRow)],
            await RowComparison.ReadAsync(warehouse, "select * from dwh.dim_date where date_day in ('2010-01-01', '2024-02-29', '2024-09-30', '2024-12-29', '2024-12-30', '2025-01-05')"), "date_day");
        var spine = await RowComparison.ReadAsync(warehouse, "select count(*) as days, min(date_day) as first_day, max(date_day) as last_day, count(distinct date_key) as keys from dwh.dim_date");
        var lastDay = DateOnly.FromDateTime(run.To);
        if (DateOnly.FromDateTime(run.From) != lastDay && spine[0]["last_day"] is DateTime last && DateOnly.FromDateTime(last) != lastDay)
        {
            lastDay = DateOnly.FromDateTime(run.From);
        }

        var count = (long)(lastDay.DayNumber - new DateOnly(2010, 1, 1).DayNumber + 1);
        RowComparison.AssertRows("dwh.dim_date (spine)", [new() { ["days"] = count, ["first_day"] = new DateOnly(2010, 1, 1), ["last_day"] = lastDay, ["keys"] = count }], spine, "days");
    }

    [GeneratedRegex(@"Done\. PASS=(?<pass>\d+) WARN=(?<warn>\d+) ERROR=(?<error>\d+) SKIP=(?<skip>\d+)")]
    private static partial Regex BuildSummary();
}
