using Engine.Warehouse.Tests.Snowflake.StandIn;
using Xunit;

namespace Engine.Warehouse.Tests.Snowflake;

/// <summary>The adapter's contract on the Snowflake stand-in, through the real SQL API client over HTTP.</summary>
public sealed class SnowflakeStandInContractTests
{
    public static TheoryData<string> Scenarios => new(SnowflakeContract.Names);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Holds_on_the_stand_in(string scenario)
    {
        await using var account = await SnowflakeTestAccount.StandInAsync();
        await SnowflakeContract.RunAsync(account, scenario);
    }
}
