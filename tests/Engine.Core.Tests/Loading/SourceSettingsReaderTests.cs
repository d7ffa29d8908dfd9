using Engine.Core.Diagnostics;
using Engine.Core.Tests.Support;
using Xunit;

namespace Engine.Core.Tests.Loading;

/// <summary>The extract, staging and cdc blocks of sources.yml become records at load; bad values are reported there, at their line and column.</summary>
public sealed class SourceSettingsReaderTests
{
    [Fact]
    public void Extract_staging_and_cdc_blocks_become_records()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["sources.yml"] = """
                sources:
                  - name: strava
                    staging: {database: strava_staging, schema: landing}
                    extract: {connector: strava, lookback: 3d, max_rate_limit_wait: 20m}
                    cdc: {publication: p, slot: s, heartbeat_interval: 500ms, max_lag_warning: 512 MB, batch_size: 1000}
                    tables:
                      - name: activities
                        primary_key: [athlete_id, id]
                """,
        });

        var (definition, diagnostics) = ProjectPipeline.Load(project);

        ProjectPipeline.AssertNone(diagnostics);
        var source = Assert.Single(definition!.Sources);
        Assert.Equal(("strava", TimeSpan.FromDays(3), TimeSpan.FromMinutes(20)),
            (source.Extract!.Connector, source.Extract.Lookback, source.Extract.MaxRateLimitWait));
        Assert.Equal(("strava_staging", "landing"), (source.Staging!.Database, source.Staging.Schema));
        Assert.Equal(("p", "s", TimeSpan.FromMilliseconds(500), 512L << 20, 1000),
            (source.Cdc!.Publication, source.Cdc.Slot, source.Cdc.HeartbeatInterval, source.Cdc.MaxLagWarningBytes, source.Cdc.BatchSize));
        Assert.Equal(["athlete_id", "id"], Assert.Single(source.Tables).PrimaryKey.ToArray());
        Assert.Equal((project.PathOf("sources.yml"), 5), (source.Cdc.Location.FilePath, source.Cdc.Location.Line));
    }

    [Fact]
    public void Settings_left_out_stay_null_for_the_connector_defaults()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["sources.yml"] = """
                sources:
                  - name: strava
                    staging: {database: strava}
                    extract: {connector: strava}
                    cdc: {publication: p, slot: s}
                    tables: [{name: athletes}]
                """,
        });

        var (definition, diagnostics) = ProjectPipeline.Load(project);

        ProjectPipeline.AssertNone(diagnostics);
        var source = Assert.Single(definition!.Sources);
        Assert.Equal((null, null, null, null, null, null),
            (source.Extract!.Lookback, source.Extract.MaxRateLimitWait, source.Staging!.Schema, source.Cdc!.HeartbeatInterval,
                source.Cdc.MaxLagWarningBytes, source.Cdc.BatchSize));
    }

    [Fact]
    public void Bad_extract_settings_are_reported_at_their_line_and_column()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["sources.yml"] = """
                version: 2
                sources:
                  - name: strava
                    staging:
                      database: strava
                    extract:
                      connector: strava
                      lookback: a week
                      max_rate_limt_wait: 5m
                    tables: [{name: athletes}]
                """,
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var lookback = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.StravaExtractConfig, project.PathOf("sources.yml"), 8, 17);
        Assert.Contains("'a week'", lookback.Message, StringComparison.Ordinal);
        Assert.Contains("7d", lookback.Message, StringComparison.Ordinal);
        var unknown = Assert.Single(diagnostics, d => d.Code == DiagnosticCodes.UnknownKey);
        Assert.Contains("max_rate_limit_wait", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_cdc_value_is_reported_at_its_line_and_column()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["sources.yml"] = """
                version: 2
                sources:
                  - name: strava
                    staging:
                      database: strava
                    cdc:
                      publication: Bad-Name
                      heartbeat_interval: soon
                      max_lag_warning: lots
                      slott: x
                      batch_size: 0
                    tables:
                      - name: activities
                        primary_key: id
                """,
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var problems = diagnostics.Select(d => (d.Code, d.Location!.Line, d.Location.Column, d.Message)).ToList();
        Assert.Contains(problems, p => p.Code == DiagnosticCodes.CdcConfig && p.Line == 7 && p.Column == 20 && p.Message.Contains("'publication'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Code == DiagnosticCodes.CdcConfig && p.Line == 8 && p.Message.Contains("10s", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Code == DiagnosticCodes.CdcConfig && p.Line == 9 && p.Message.Contains("1 GB", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Code == DiagnosticCodes.UnknownKey && p.Line == 10 && p.Message.Contains("did you mean 'slot'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Code == DiagnosticCodes.CdcConfig && p.Line == 11 && p.Message.Contains("'batch_size'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Code == DiagnosticCodes.MissingKey && p.Message.Contains("'slot'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cdc_block_needs_a_staging_database_and_tables()
    {
        using var project = new TempProject(new Dictionary<string, string>
        {
            ["sources.yml"] = """
                sources:
                  - name: strava
                    cdc: {publication: p, slot: s}
                """,
        });

        var (_, diagnostics) = ProjectPipeline.Load(project);

        var problems = diagnostics.Where(d => d.Code == DiagnosticCodes.CdcConfig).Select(d => (d.Location!.Line, d.Message)).ToList();
        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Equal(3, p.Line));
        Assert.Contains(problems, p => p.Message.Contains("'staging: database:'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message.Contains("no tables", StringComparison.Ordinal));
    }
}
