using Engine.TestSupport;
using Xunit;

namespace Engine.Connectors.Tests.Cdc;

/// <summary><c>engine sync</c> as users run it: drain, status, and errors as diagnostics with exit code 2.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SyncCommandTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Sync_drains_then_status_shows_the_slot_and_the_warehouse_position()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        var project = CdcCrashTests.WriteProject(bed);
        try
        {
            var missing = SyncProcess.Start(project);
            Assert.Equal(2, await missing.WaitAsync(TimeSpan.FromMinutes(2)));
            Assert.Contains("error ENG1703: public.activities does not exist in staging database", missing.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", missing.Output, StringComparison.Ordinal);

            await bed.ExecuteSourceAsync("""
                CREATE TABLE activities (id bigint PRIMARY KEY, athlete_id bigint NOT NULL, name text, distance numeric(12,2),
                  version integer NOT NULL, bio text, updated_at timestamptz NOT NULL DEFAULT now());
                INSERT INTO activities (id, athlete_id, version) SELECT i, 1, 1 FROM generate_series(1, 30) i;
                """);
            using var first = SyncProcess.Start(project);
            Assert.True(await first.WaitAsync(TimeSpan.FromMinutes(2)) == 0, first.Output);
            Assert.Contains("snapshot of 30 rows", first.Output, StringComparison.Ordinal);

            await bed.ExecuteSourceAsync("UPDATE activities SET version = 2 WHERE id <= 3; DELETE FROM activities WHERE id = 30;");
            using var second = SyncProcess.Start(project);
            Assert.True(await second.WaitAsync(TimeSpan.FromMinutes(2)) == 0, second.Output);
            Assert.Contains("0 inserts, 3 updates, 1 deletes", second.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("snapshot", second.Output, StringComparison.Ordinal);

            using var status = SyncProcess.Start(project, "--status");
            Assert.True(await status.WaitAsync(TimeSpan.FromMinutes(2)) == 0, status.Output);
            Assert.Contains($"slot {bed.Slot}: inactive, lag ", status.Output, StringComparison.Ordinal);
            Assert.Contains("warehouse: applied up to ", status.Output, StringComparison.Ordinal);
            await bed.AssertSameAsync("activities");
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }
}
