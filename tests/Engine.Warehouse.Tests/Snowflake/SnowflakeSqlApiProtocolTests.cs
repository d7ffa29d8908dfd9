using System.Security.Cryptography;
using Engine.Warehouse.Snowflake;
using Engine.Warehouse.Snowflake.Api;
using Engine.Warehouse.Tests.Snowflake.StandIn;
using Snowflake.Sandbox;
using Xunit;

namespace Engine.Warehouse.Tests.Snowflake;

/// <summary>The SQL API client against the stand-in's protocol: authentication, 202 polling, partitions, throttling, multi-statement counts, cancel.</summary>
public sealed class SnowflakeSqlApiProtocolTests
{
    [Fact]
    public async Task A_token_signed_by_an_unregistered_key_is_refused_as_a_login_failure_without_secrets()
    {
        await using var account = await SnowflakeTestAccount.StandInAsync();
        using var other = RSA.Create(2048);
        var jwt = account.Jwt(other);
        var token = jwt.Token();
        await using var warehouse = new SnowflakeWarehouse(new SqlApiClient(account.Endpoint, jwt), jwt, "target 'prod'", SnowflakeMaterializationSql.Instance);
        await using var session = await warehouse.OpenSessionAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<WarehouseConnectionException>(() => session.QueryAsync("select 1", 1, CancellationToken.None));

        Assert.Equal(WarehouseErrorKind.AuthenticationFailed, error.Kind);
        Assert.Contains("390144", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("no such account, user or public key fingerprint", account.Server!.LastAuthProblem);
    }

    [Fact]
    public async Task A_slow_statement_answered_202_is_polled_to_its_result()
    {
        await using var account = await SnowflakeTestAccount.StandInAsync(new SnowflakeSandboxOptions { AsyncThreshold = TimeSpan.Zero });
        using var client = account.Client();

        var result = await client.ExecuteAsync(new SqlApiRequest("select count(*) as n from table(generator(rowcount => 300000))"), CancellationToken.None);

        Assert.Equal("300000", result.Rows[0][0]);
        Assert.True(account.Server!.Requests.GetValueOrDefault("GET status") >= 1);
    }

    [Fact]
    public async Task Every_partition_of_a_large_result_is_fetched_and_decoded()
    {
        await using var account = await SnowflakeTestAccount.StandInAsync(new SnowflakeSandboxOptions { PartitionRows = 7 });
        using var client = account.Client();

        var result = await client.ExecuteAsync(new SqlApiRequest(
            "select row_number() over (order by seq4()) as n, dateadd(day, row_number() over (order by seq4()), cast('2024-01-01' as date)) as d from table(generator(rowcount => 20))"), CancellationToken.None);

        Assert.Equal(20, result.Rows.Count);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), result.Rows.Select(r => r[0]).Order(StringComparer.Ordinal).OrderBy(s => s!.Length).ToList());
        Assert.Equal(2, account.Server!.Requests.GetValueOrDefault("GET status"));
    }

    [Fact]
    public async Task Throttled_and_unavailable_answers_are_retried_under_the_same_request_id()
    {
        await using var account = await SnowflakeTestAccount.StandInAsync();
        using var client = account.Client();
        await client.ExecuteAsync(new SqlApiRequest("create or replace table counter (n number)"), CancellationToken.None);
        account.Server!.ClearRequests();
        account.Server.Faults.ThrottleNext(2);

        await client.ExecuteAsync(new SqlApiRequest("insert into counter values (1)"), CancellationToken.None);
        account.Server.Faults.UnavailableNext(1);
        var count = await client.ExecuteAsync(new SqlApiRequest("select count(*) from counter"), CancellationToken.None);

        Assert.Equal("1", count.Rows[0][0]);
        Assert.Equal(5, account.Server.Submissions);
    }

    [Fact]
    public async Task A_request_whose_statement_count_differs_from_multi_statement_count_is_refused()
    {
        await using var account = await SnowflakeTestAccount.StandInAsync();
        using var client = account.Client();

        var error = await Assert.ThrowsAsync<SnowflakeApiException>(() => client.ExecuteAsync(new SqlApiRequest("select 1; select 2", 1), CancellationToken.None));
        var multi = await client.ExecuteAsync(new SqlApiRequest("select 1; select 2 as two", 2), CancellationToken.None);
        var last = await client.ResultAsync(multi.StatementHandles[^1], CancellationToken.None);

        Assert.Equal(("000008", 422), (error.Code, error.Status));
        Assert.Equal(2, multi.StatementHandles.Length);
        Assert.Equal("TWO", last.Columns[0].Name);
    }

    [Fact]
    public async Task Cancelling_while_polling_cancels_the_statement_on_the_server()
    {
        await using var account = await SnowflakeTestAccount.StandInAsync(new SnowflakeSandboxOptions { AsyncThreshold = TimeSpan.FromMilliseconds(100) });
        using var client = account.Client();
        await client.ExecuteAsync(new SqlApiRequest("select 1"), CancellationToken.None);
        account.Server!.ClearRequests();
        using var cancel = new CancellationTokenSource();

        var running = client.ExecuteAsync(
            new SqlApiRequest("select count(distinct a.seq % 1000003) from (select seq4() as seq from table(generator(rowcount => 100000000000))) as a"), cancel.Token);
        // Cancel once the client is polling, so the client holds the statement handle whatever the machine's load.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (account.Server.Requests.GetValueOrDefault("GET status") == 0 && !running.IsCompleted && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(20);
        }

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        Assert.True(account.Server!.Requests.GetValueOrDefault("POST cancel") == 1, string.Join(", ", account.Server.Requests.Select(r => $"{r.Key}={r.Value}")));
    }
}
