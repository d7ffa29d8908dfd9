using System.Globalization;
using System.Text;
using Engine.TestSupport;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Engine.Connectors.Tests.Cdc;

/// <summary>
/// Exactly-once under crashes: the real <c>engine sync --follow</c> is killed (SIGKILL) at random points, again and
/// again, while 100,000 inserts, updates and deletes are committed at the source; then the warehouse must equal the
/// source and the change log must hold every change once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CdcCrashTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Changes = 100_000;
    private const int InitialRows = 10_000;
    private const int MinimumStarts = 20;

    [Fact]
    public async Task Killing_the_sync_at_random_points_neither_loses_nor_duplicates_a_change()
    {
        await using var bed = await CdcTestBed.CreateAsync(postgres);
        await bed.ExecuteSourceAsync($"""
            CREATE TABLE activities (id bigint PRIMARY KEY, athlete_id bigint NOT NULL, name text, distance numeric(12,2),
              version integer NOT NULL, bio text, updated_at timestamptz NOT NULL DEFAULT now());
            ALTER TABLE activities ALTER COLUMN bio SET STORAGE EXTERNAL;
            INSERT INTO activities (id, athlete_id, name, distance, version, bio)
            SELECT i, i % 50, 'initial ' || i, i, 1, CASE WHEN i % 10 = 0 THEN repeat(md5(i::text), 100) END FROM generate_series(1, {InitialRows}) i;
            """);
        var project = WriteProject(bed);
        try
        {
            await RunWorkloadWithKillsAsync(bed, project);
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }

    private async Task RunWorkloadWithKillsAsync(CdcTestBed bed, string project)
    {
        var random = new Random(20260611);
        var (starts, kills) = (0, 0);

        // While the first snapshot is taken: killed before, during or after the copy.
        for (var i = 0; i < 4; i++, starts++)
        {
            kills += await RunAndKillAsync(project, random);
        }

        await DrainAsync(project);
        var workload = new Workload(bed.Source, InitialRows, seed: 7);
        var writing = Task.Run(() => workload.RunAsync(Changes));
        for (; !writing.IsCompleted || starts < MinimumStarts; starts++)
        {
            kills += await RunAndKillAsync(project, random);
        }

        await writing;
        await DrainAsync(project);

        output.WriteLine($"{kills} kills of {starts} starts; workload: {workload.Inserts} inserts, {workload.Updates} updates, {workload.Deletes} deletes");
        // Every kill must strike a running sync: a --follow that exits on its own (say, failing to resume after the
        // previous kill) would leave nothing to kill, and the crashes this test is about would not happen.
        Assert.Equal(starts, kills);
        Assert.Equal(Changes, workload.Inserts + workload.Updates + workload.Deletes);
        await bed.AssertSameAsync("activities");
        var counts = await bed.QueryWarehouseAsync(
            "SELECT _operation, count(*) FROM strava.activities_changes WHERE _operation <> 'snapshot' GROUP BY _operation ORDER BY _operation COLLATE \"C\"");
        Assert.Equal([$"delete|{workload.Deletes}", $"insert|{workload.Inserts}", $"update|{workload.Updates}"], counts);
        Assert.Empty(await bed.QueryWarehouseAsync(
            "SELECT _lsn, _seq FROM strava.activities_changes WHERE _operation <> 'snapshot' GROUP BY _lsn, _seq HAVING count(*) > 1"));
        // Every version of every row, once: each update bumps the version.
        Assert.Empty(await bed.QueryWarehouseAsync(
            "SELECT id, version FROM strava.activities_changes WHERE _operation IN ('insert', 'update') GROUP BY id, version HAVING count(*) > 1"));
        Assert.Empty(await bed.QueryWarehouseAsync("SELECT id FROM strava.activities_changes WHERE bio IS NULL AND id % 10 = 0 AND _operation <> 'delete' AND id <= " + InitialRows));
    }

    /// <summary>Starts <c>engine sync --follow</c> and kills it after a random time; 1 if it was still running when killed.</summary>
    private async Task<int> RunAndKillAsync(string project, Random random)
    {
        using var process = SyncProcess.Start(project, "--follow");
        await Task.Delay(random.Next(300, 2500));
        var running = !process.HasExited;
        process.Kill();
        if (!running)
        {
            output.WriteLine("sync exited before the kill:\n" + process.Output);
        }

        return running ? 1 : 0;
    }

    private async Task DrainAsync(string project)
    {
        using var process = SyncProcess.Start(project);
        var exit = await process.WaitAsync(TimeSpan.FromMinutes(3));
        output.WriteLine(process.Output);
        Assert.True(exit == 0, process.Output);
    }

    internal static string WriteProject(CdcTestBed bed)
    {
        var root = Path.Combine(Path.GetTempPath(), "engine-cdc-crash-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var source = new NpgsqlConnectionStringBuilder(bed.Source);
        File.WriteAllText(Path.Combine(root, "pipeline.yml"), string.Create(CultureInfo.InvariantCulture, $"""
            name: crash
            target: dev
            {PostgresTarget.Yaml(bed.Warehouse, schema: null)}
            """));
        File.WriteAllText(Path.Combine(root, "sources.yml"), $"""
            version: 2
            sources:
              - name: strava
                schema: strava
                staging:
                  database: {source.Database}
                cdc:
                  publication: pub_{bed.Slot}
                  slot: {bed.Slot}
                  heartbeat_interval: 2s
                  batch_size: 5000
                tables:
                  - name: activities
                    primary_key: id
            """);
        return root;
    }

    /// <summary>Single-row inserts, updates and deletes in transactions of 1 to 200 changes, with known counts.</summary>
    private sealed class Workload(string connectionString, int initialRows, int seed)
    {
        public int Inserts { get; private set; }

        public int Updates { get; private set; }

        public int Deletes { get; private set; }

        public async Task RunAsync(int changes)
        {
            var random = new Random(seed);
            var live = Enumerable.Range(1, initialRows).Select(i => (long)i).ToList();
            var version = live.ToDictionary(id => id, _ => 1);
            var nextId = (long)initialRows + 1;
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var sql = new StringBuilder();
            var done = 0;
            while (done < changes)
            {
                sql.Clear().Append("BEGIN;");
                var size = Math.Min(random.Next(1, 200), changes - done);
                for (var i = 0; i < size; i++)
                {
                    var roll = random.Next(100);
                    if (roll < 30 || live.Count < 100)
                    {
                        var id = nextId++;
                        live.Add(id);
                        version[id] = 1;
                        var bio = id % 10 == 0 ? $"repeat(md5('{id}'), 100)" : "NULL";
                        sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO activities (id, athlete_id, name, distance, version, bio) VALUES ({id}, {id % 50}, 'new {id}', {random.Next(100000)}, 1, {bio});");
                        Inserts++;
                    }
                    else if (roll < 80)
                    {
                        var id = live[random.Next(live.Count)];
                        var v = ++version[id];
                        sql.Append(CultureInfo.InvariantCulture, $"UPDATE activities SET name = 'v{v} of {id}', distance = distance + 1, version = {v}, updated_at = now() WHERE id = {id};");
                        Updates++;
                    }
                    else
                    {
                        var index = random.Next(live.Count);
                        var id = live[index];
                        live[index] = live[^1];
                        live.RemoveAt(live.Count - 1);
                        sql.Append(CultureInfo.InvariantCulture, $"DELETE FROM activities WHERE id = {id};");
                        Deletes++;
                    }
                }

                done += size;
                sql.Append("COMMIT;");
                await using var command = new NpgsqlCommand(sql.ToString(), connection);
                await command.ExecuteNonQueryAsync();
            }
        }
    }
}
