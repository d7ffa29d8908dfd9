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
            from "dwh"."fact_activity" as fact
            where fact.location_key = location_keys.location_key
        ) as activity_id
    from (
        with recursive distinct_values as (
        select min(location_key) as location_key from "dwh"."fact_activity"
        union all
        select (select min(next_value.location_key) from "dwh"."fact_activity" as next_value where next_value.location_key > distinct_values.location_key)
        from distinct_values
        where distinct_values.location_key is not null
    )
    select location_key from distinct_values where location_key is not null
    ) as location_keys
),

locations as (
    select
        (select activities.location_city from "raw"."activities" as activities where activities.activity_id = activity_keys.activity_id) as city,
        (select activities.location_state from "raw"."activities" as activities where activities.activity_id = activity_keys.activity_id) as state,
        (select activities.location_country from "raw"."activities" as activities where activities.activity_id = activity_keys.activity_id) as country
    from activity_keys

    union

    select city, state, country
    from "dwh"."dim_athlete"
    where coalesce(city, state, country) is not null
)

select
    md5(cast(coalesce(cast(city as text), '_engine_null_') || '-' || coalesce(cast(state as text), '_engine_null_') || '-' || coalesce(cast(country as text), '_engine_null_') as text)) as location_key,
    city,
    state,
    country
from locations
