using Engine.Runtime.Execution;
using Engine.TestSupport;
using Xunit;

namespace Engine.Runtime.Tests.Execution;

[Collection(PostgresCollection.Name)]
public sealed class SeedTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Seeds_load_with_inferred_and_declared_types()
    {
        await using var project = await BuildHarness.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["seeds/countries.csv"] = "code,name,population,area,founded,active,updated,zip\nFR,France,68000000,551695.5,1958-10-04,true,2024-01-01 10:00:00,01000\nDE,\"Germany, Federal\",84000000,357022,1949-05-23,false,2024-01-02 11:00:00,10115\nXX,,,,,,,\n",
            ["seeds/seeds.yml"] = "version: 2\nseeds:\n  - name: countries\n    config:\n      column_types:\n        zip: text\n        population: integer\n",
        });
        var outcome = await project.BuildAsync();
        Assert.False(outcome.Failed, outcome.Problems());
        Assert.Equal(3, outcome.Result("countries").RowsAffected);
        Assert.Equal(
            ["active|boolean", "area|numeric", "code|text", "founded|date", "name|text", "population|integer", "updated|timestamp without time zone", "zip|text"],
            await project.RowsAsync("select column_name, data_type from information_schema.columns where table_name = 'countries'"));
        Assert.Equal(["DE|Germany, Federal|10115", "FR|France|01000", "XX|null|null"], await project.RowsAsync("select code, name, zip from analytics.countries"));
    }

    [Theory]
    [InlineData("id,name\n1,a\n2,b,extra\n", "seeds/bad.csv(3): row has 3 fields, the header has 2")]
    [InlineData("id,name\n1,a\n2,b\"c\n", "seeds/bad.csv(3)")]
    public async Task A_malformed_row_is_an_error_naming_file_and_line_and_the_old_table_stays(string csv, string expected)
    {
        await using var project = await BuildHarness.CreateAsync(postgres, new Dictionary<string, string> { ["seeds/bad.csv"] = "id,name\n1,a\n" });
        Assert.False((await project.BuildAsync()).Failed);
        project.Write("seeds/bad.csv", csv);
        var outcome = await project.BuildAsync();
        var result = outcome.Result("bad");
        Assert.Equal(NodeStatus.Error, result.Status);
        Assert.True(result.BadInput);
        Assert.Contains(expected, result.Message, StringComparison.Ordinal);
        Assert.Equal(1, await project.ScalarAsync("select count(*) from analytics.bad"));
    }

    [Fact]
    public async Task A_value_that_does_not_fit_a_declared_type_names_line_and_column()
    {
        await using var project = await BuildHarness.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["seeds/typed.csv"] = "id,amount\n1,10\n2,ten\n",
            ["seeds/seeds.yml"] = "version: 2\nseeds:\n  - name: typed\n    config:\n      column_types:\n        amount: integer\n",
        });
        var outcome = await project.BuildAsync();
        Assert.Contains("seeds/typed.csv(3): 'ten' in column 'amount' is not a valid integer", outcome.Result("typed").Message, StringComparison.Ordinal);
    }
}
