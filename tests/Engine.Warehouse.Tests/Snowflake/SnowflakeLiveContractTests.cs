using Engine.Warehouse.Tests.Snowflake.StandIn;
using Xunit;

namespace Engine.Warehouse.Tests.Snowflake;

/// <summary>
/// The same contract on a real account, when SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER and SNOWFLAKE_PRIVATE_KEY_PATH are set
/// (README, "Live contract suite"); skipped otherwise, with one line saying so.
/// </summary>
public sealed class SnowflakeLiveContractTests
{
    [SkippableFact]
    public async Task SnowflakeLive_contract_holds_on_a_real_account()
    {
        var (live, missing) = SnowflakeTestAccount.Live();
        Skip.If(live is null, $"live Snowflake suite skipped: set {missing} to run it against a real account");
        await using var account = live!;
        foreach (var scenario in SnowflakeContract.Names)
        {
            await SnowflakeContract.RunAsync(account, scenario);
        }
    }
}
