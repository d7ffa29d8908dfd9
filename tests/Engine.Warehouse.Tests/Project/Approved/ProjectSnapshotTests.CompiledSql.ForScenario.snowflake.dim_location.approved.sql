-- Where activities happen and where athletes live: the distinct (city, state, country) of both. Strava leaves an
-- activity's location empty more often than not; such activities have no location.
-- The activities' locations are read from fact_activity's index on location_key (distinct_values): one activity per
-- key, whose names are looked up by the source's key, so a daily build costs the number of locations, not of
-- activities, and a location no activity or athlete has any more is gone after the next build.
with activity_keys as (
    select
        location_keys.location_key,
        (
            select min(fact.activity_id)
            from ANALYTICS.dwh.fact_activity as fact
            where fact.location_key = location_keys.location_key
        ) as activity_id
    from (
        select distinct location_key from ANALYTICS.dwh.fact_activity where location_key is not null
    ) as location_keys
),

locations as (
    select
        (select activities.location_city from ANALYTICS.raw.activities as activities where activities.activity_id = activity_keys.activity_id) as city,
        (select activities.location_state from ANALYTICS.raw.activities as activities where activities.activity_id = activity_keys.activity_id) as state,
        (select activities.location_country from ANALYTICS.raw.activities as activities where activities.activity_id = activity_keys.activity_id) as country
    from activity_keys

    union

    select city, state, country
    from ANALYTICS.dwh.dim_athlete
    where coalesce(city, state, country) is not null
)

select
    md5(cast(coalesce(cast(city as varchar), '_engine_null_') || '-' || coalesce(cast(state as varchar), '_engine_null_') || '-' || coalesce(cast(country as varchar), '_engine_null_') as varchar)) as location_key,
    city,
    state,
    country
from locations
