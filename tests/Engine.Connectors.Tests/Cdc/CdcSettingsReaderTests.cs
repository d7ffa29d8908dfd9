using Engine.Connectors.Cdc;
using Engine.Core.Diagnostics;
using Engine.Core.Loading;
using Xunit;

namespace Engine.Connectors.Tests.Cdc;

public sealed class CdcSettingsReaderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "engine-cdc-settings-" + Guid.NewGuid().ToString("N"));

    public CdcSettingsReaderTests()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "pipeline.yml"), "name: t\n");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Reads_the_repository_project()
    {
        var settings = ProjectCdc.Settings(Load(Engine.TestSupport.RepositoryPaths.Project), null);

        var strava = Assert.Single(settings);
        Assert.Equal(("strava", "public", "engine_strava", "engine_strava", "strava"),
            (strava.StagingDatabase, strava.StagingSchema, strava.Publication, strava.Slot, strava.WarehouseSchema));
        Assert.Equal(["athletes", "activities"], strava.Tables.Select(t => t.Name));
        Assert.Equal(["id"], strava.Tables[1].PrimaryKey.ToArray());
    }

    [Fact]
    public void Reads_durations_and_sizes()
    {
        var settings = Assert.Single(Read("""
                publication: p
                slot: s
                heartbeat_interval: 500ms
                max_lag_warning: 512 MB
                batch_size: 1000
            """));

        Assert.Equal(TimeSpan.FromMilliseconds(500), settings.HeartbeatInterval);
        Assert.Equal(512L << 20, settings.MaxLagWarningBytes);
        Assert.Equal(1000, settings.BatchSize);
    }

    [Fact]
    public void Settings_left_out_take_the_connector_defaults()
    {
        var settings = Assert.Single(Read("""
                publication: p
                slot: s
            """));

        Assert.Equal((CdcSettings.DefaultHeartbeatInterval, CdcSettings.DefaultMaxLagWarningBytes, CdcSettings.DefaultBatchSize, "public"),
            (settings.HeartbeatInterval, settings.MaxLagWarningBytes, settings.BatchSize, settings.StagingSchema));
    }

    private System.Collections.Immutable.ImmutableArray<CdcSettings> Read(string cdcBlock)
    {
        File.WriteAllText(Path.Combine(_dir, "sources.yml"), $"""
            version: 2
            sources:
              - name: strava
                staging:
                  database: strava
                cdc:
            {string.Join("\n", cdcBlock.Split('\n').Select(l => "      " + l.Trim()))}
                tables:
                  - name: activities
                    primary_key: id
            """);
        return ProjectCdc.Settings(Load(_dir), null);
    }

    private static Engine.Core.Project.ProjectDefinition Load(string dir)
    {
        var bag = new DiagnosticBag();
        var project = ProjectLoader.Load(dir, bag);
        Assert.False(bag.HasErrors, string.Join("\n", bag.ToSortedList()));
        return project;
    }
}
