using Engine.TestSupport;
using Engine.Warehouse.Postgres;
using Npgsql;
using Xunit;

namespace Engine.Warehouse.Tests.Postgres;

/// <summary>
/// The dialect helpers run on the real server the fixture starts, and their results are checked: the approved
/// snapshots say what SQL is written, these say that it does what the helper promises.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresDialectExecutionTests(PostgresFixture postgres)
{
    private static readonly PostgresDialect Dialect = PostgresDialect.Instance;

    [Theory]
    [InlineData("2024-13-45", "date", null)]
    [InlineData("2023-02-29", "date", null)]
    [InlineData("0000-01-01", "date", null)]
    [InlineData("2024-02-29", "date", "2024-02-29")]
    [InlineData(" 2024-05-06 ", "date", "2024-05-06")]
    [InlineData("99999999999999999999", "bigint", null)]
    [InlineData("9223372036854775808", "bigint", null)]
    [InlineData("9223372036854775807", "bigint", "9223372036854775807")]
    [InlineData(" -42 ", "bigint", "-42")]
    [InlineData("1.5", "bigint", null)]
    [InlineData("40000", "smallint", null)]
    [InlineData("abc", "integer", null)]
    [InlineData("2147483647", "int", "2147483647")]
    [InlineData("123456789012", "numeric(10,2)", null)]
    [InlineData("99999999.995", "numeric(10,2)", null)]
    [InlineData("12345678.125", "numeric(10,2)", "12345678.13")]
    [InlineData("1e3", "numeric(10,2)", "1000.00")]
    [InlineData("1.2.3", "numeric", null)]
    [InlineData("-0.5", "numeric", "-0.5")]
    [InlineData("1e400", "double precision", null)]
    [InlineData("1e-400", "double precision", null)]
    [InlineData("1e39", "real", null)]
    [InlineData("1.5", "double precision", "1.5")]
    [InlineData("-Infinity", "float8", "-Infinity")]
    [InlineData("yes", "boolean", "true")]
    [InlineData("tr", "boolean", "true")]
    [InlineData("OFF", "boolean", "false")]
    [InlineData("maybe", "boolean", null)]
    [InlineData("2024-05-06 07:08:09.5+02", "timestamptz", "2024-05-06 05:08:09.5+00")]
    [InlineData("2024-05-06T07:08:09Z", "timestamp with time zone", "2024-05-06 07:08:09+00")]
    [InlineData("2024-05-06 07:08", "timestamp", "2024-05-06 07:08:00")]
    [InlineData("2024-05-06 25:00:00", "timestamp", null)]
    [InlineData("2024-02-30 00:00:00", "timestamp", null)]
    [InlineData("soon", "timestamp", null)]
    [InlineData("abc", "text", "abc")]
    [InlineData(null, "bigint", null)]
    public async Task Safe_cast_yields_the_value_or_null_never_an_error(string? value, string type, string? expected)
    {
        // A literal is folded at plan time, a column is cast row by row: both must hold.
        var literal = value is null ? "cast(null as text)" : Dialect.StringLiteral(value);
        Assert.Equal(expected, await ScalarAsync($"select cast({Dialect.SafeCast(literal, type)} as text)"));
        Assert.Equal(expected, await ScalarAsync(
            $"create temp table input (v text); insert into input values ({literal}); select cast({Dialect.SafeCast("v", type)} as text) from input"));
    }

    [Fact]
    public async Task Safe_cast_works_in_a_view_without_anything_created_first()
    {
        Assert.Equal("2024-02-29|<null>|<null>;<null>|1|1.00", await ScalarAsync($"""
            create temp table raw (d text, b text, n text);
            insert into raw values ('2024-02-29', '99999999999999999999', '123456789012'), ('2024-13-45', '1', '1');
            create temp view typed as select {Dialect.SafeCast("d", "date")} as d, {Dialect.SafeCast("b", "bigint")} as b,
              {Dialect.SafeCast("n", "numeric(10,2)")} as n from raw;
            select string_agg(concat_ws('|', coalesce(cast(d as text), '<null>'), coalesce(cast(b as text), '<null>'), coalesce(cast(n as text), '<null>')), ';' order by b nulls first)
            from typed
            """));
    }

    [Fact]
    public void Safe_cast_to_a_type_it_cannot_check_fails_naming_dialect_and_type()
    {
        var error = Assert.Throws<ArgumentException>(() => Dialect.SafeCast("v", "uuid"));
        Assert.StartsWith("postgres: safe_cast to 'uuid'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Surrogate_key_is_the_same_for_the_same_values_and_tells_null_from_empty()
    {
        var key = (string a, string b) => $"select {Dialect.SurrogateKey([a, b])}";
        var same = await ScalarAsync(key("1", "cast('2024-05-06' as date)"));
        Assert.Equal(same, await ScalarAsync(key("cast(1 as bigint)", "cast('2024-05-06' as date)")));
        Assert.Matches("^[0-9a-f]{32}$", same);
        Assert.NotEqual(await ScalarAsync(key("cast(null as text)", "'x'")), await ScalarAsync(key("''", "'x'")));
    }

    [Fact]
    public async Task Date_trunc_and_dateadd()
    {
        Assert.Equal("2024-05-01 00:00:00", await ScalarAsync($"select cast({Dialect.DateTrunc("month", "timestamp '2024-05-17 13:14:15'")} as text)"));
        Assert.Equal("2024-02-29 00:00:00", await ScalarAsync($"select cast({Dialect.DateAdd("day", "-1", "date '2024-03-01'")} as text)"));
        Assert.Equal("2024-02-29 00:00:00", await ScalarAsync($"select cast({Dialect.DateAdd("month", "1", "date '2024-01-29'")} as text)"));
    }

    [Theory]
    [InlineData("day", "2023-12-31 23:00", "2024-01-01 01:00", 1)]
    [InlineData("week", "2024-01-01", "2024-01-15", 2)]
    [InlineData("month", "2023-12-31 23:00", "2024-01-01 01:00", 1)]
    [InlineData("quarter", "2023-09-30", "2024-04-01", 3)]
    [InlineData("year", "2023-12-31 23:00", "2024-01-01 01:00", 1)]
    [InlineData("hour", "2023-12-31 23:00", "2024-01-01 01:30", 2)]
    [InlineData("day", "2024-03-10", "2024-03-01", -9)]
    public async Task Datediff_counts_boundaries_crossed(string part, string start, string end, int expected)
    {
        var diff = Dialect.DateDiff(part, $"timestamp '{start}'", $"timestamp '{end}'");
        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), await ScalarAsync($"select cast(cast({diff} as integer) as text)"));
    }

    [Fact]
    public async Task Date_spine_has_one_row_per_day_from_start_up_to_end()
    {
        Assert.Equal("2024-02-27,2024-02-28,2024-02-29,2024-03-01", await ScalarAsync(
            $"select string_agg(cast(date_day as text), ',' order by date_day) from ({Dialect.DateSpine("day", "'2024-02-27'", "'2024-03-02'")}) as spine"));
    }

    [Fact]
    public async Task Current_timestamp_is_the_transaction_time()
    {
        Assert.Equal("true", await ScalarAsync($"select cast({Dialect.CurrentTimestamp()} = now() as text)"));
    }

    [Fact]
    public async Task Lowest_cdc_position_is_a_pg_lsn_not_above_any_commit_position()
    {
        Assert.Equal("pg_lsn|0/0|t", await ScalarAsync(
            $"select concat_ws('|', pg_typeof({Dialect.LowestCdcPosition()}), {Dialect.LowestCdcPosition()}, {Dialect.LowestCdcPosition()} <= pg_current_wal_lsn())"));
    }

    [Fact]
    public async Task Json_field_reads_a_nested_field_as_text_and_null_when_missing()
    {
        const string raw = """'{"map": {"summary_polyline": "ki{eFvqfiVqAWQ"}, "id": 7}'""";
        Assert.Equal("ki{eFvqfiVqAWQ", await ScalarAsync($"select {Dialect.JsonField(raw, "map.summary_polyline")}"));
        Assert.Equal("7", await ScalarAsync($"select {Dialect.JsonField(raw, "id")}"));
        Assert.Null(await ScalarAsync($"select {Dialect.JsonField(raw, "map.missing")}"));
    }

    /// <summary>Runs the statements in one transaction (rolled back) on a UTC session; the last one's first value as text.</summary>
    private async Task<string?> ScalarAsync(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(postgres.Instance.ConnectionString(PostgresFixture.TestDatabase)) { Timezone = "UTC" };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? null : (string)value;
    }
}
