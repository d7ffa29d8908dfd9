using Engine.TestSupport;
using Xunit;

namespace Engine.Connectors.Tests.Strava;

/// <summary>The extractor stages the GeoNames place of each activity's start beside Strava's (empty) location fields.</summary>
[Collection(PostgresCollection.Name)]
public sealed class LocationStagingTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Every_staged_activity_with_coordinates_gets_the_sandbox_city_it_starts_in()
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres);
        await bed.ExtractAsync();

        var withGps = await bed.ScalarAsync<long>("SELECT count(*) FROM public.activities WHERE jsonb_array_length(start_latlng) = 2");
        Assert.True(withGps > 0);
        Assert.Equal(withGps, await bed.ScalarAsync<long>("SELECT count(*) FROM public.activities WHERE geo_country IS NOT NULL"));
        Assert.Equal(0L, await bed.ScalarAsync<long>("SELECT count(*) FROM public.activities WHERE jsonb_array_length(start_latlng) = 0 AND geo_city IS NOT NULL"));

        // The sandbox's activities start within a few km of their athlete's city: every city found is a sandbox city.
        var sandboxCities = global::Strava.Sandbox.Data.DemoCity.All.Select(c => c.Country).ToHashSet();
        var countries = (await bed.ScalarAsync<string>("SELECT string_agg(DISTINCT geo_country, '|') FROM public.activities")).Split('|');
        Assert.All(countries, c => Assert.Contains(c, sandboxCities));
    }

    [Fact]
    public async Task Activities_staged_before_the_geo_columns_existed_are_located_by_the_next_extract()
    {
        await using var bed = await StravaTestBed.CreateAsync(postgres);
        await bed.ExtractAsync();
        var located = await bed.ScalarAsync<string>("SELECT string_agg(id || ':' || geo_city, ',' ORDER BY id) FROM public.activities WHERE geo_city IS NOT NULL");

        // Rows are located as they are staged: no pass over the staged rows is pending, so later runs read none of them.
        Assert.Equal(0L, await bed.ScalarAsync<long>("SELECT count(*) FROM _engine.strava_staging_pending"));

        // As a staging database of an older engine: no geo columns. Adding them makes the pass pending until it is done.
        await bed.ScalarAsync<int>("ALTER TABLE public.activities DROP COLUMN geo_city, DROP COLUMN geo_state, DROP COLUMN geo_country; SELECT 1");
        await bed.ExtractAsync();

        Assert.Equal(located, await bed.ScalarAsync<string>("SELECT string_agg(id || ':' || geo_city, ',' ORDER BY id) FROM public.activities WHERE geo_city IS NOT NULL"));
        Assert.Equal(0L, await bed.ScalarAsync<long>("SELECT count(*) FROM _engine.strava_staging_pending"));
    }
}
