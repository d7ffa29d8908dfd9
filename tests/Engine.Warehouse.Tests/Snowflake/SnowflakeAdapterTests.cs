using Engine.Core.Diagnostics;
using Engine.Core.Project;
using Engine.Warehouse.Snowflake;
using Xunit;

namespace Engine.Warehouse.Tests.Snowflake;

/// <summary>Until the SQL API client exists, a snowflake target compiles but stops build and sync with one clear error.</summary>
public sealed class SnowflakeAdapterTests
{
    private static readonly TargetConfig Prod = new("prod", "snowflake", new SourceLocation("/p/pipeline.yml", 9, 3)) { Database = "ANALYTICS" };

    private static readonly WarehouseEnvironment Environment = new("/p", "/p/.engine", _ => null);

    [Fact]
    public async Task Connecting_fails_with_one_located_not_available_error()
    {
        var error = await Assert.ThrowsAsync<ProjectException>(() => new SnowflakeAdapter().ConnectAsync(Prod, Environment, CancellationToken.None));

        var d = Assert.Single(error.Diagnostics);
        Assert.Equal((DiagnosticCodes.WarehouseNotAvailable, "/p/pipeline.yml", 9), (d.Code, d.Location!.FilePath, d.Location.Line));
        Assert.Contains("cannot build into it yet", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opening_a_cdc_sink_fails_the_same_way()
    {
        var error = await Assert.ThrowsAsync<ProjectException>(() => new SnowflakeAdapter().OpenCdcSinkAsync(Prod, Environment, "strava", CancellationToken.None));

        Assert.Equal(DiagnosticCodes.WarehouseNotAvailable, Assert.Single(error.Diagnostics).Code);
    }
}
