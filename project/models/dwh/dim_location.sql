{{ config { materialized: 'table' } }}
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
            from {{ ref('fact_activity') }} as fact
            where fact.location_key = location_keys.location_key
        ) as activity_id
    from (
        {{ distinct_values (ref 'fact_activity') 'location_key' }}
    ) as location_keys
),

locations as (
    select
        (select activities.location_city from {{ ref('activities') }} as activities where activities.activity_id = activity_keys.activity_id) as city,
        (select activities.location_state from {{ ref('activities') }} as activities where activities.activity_id = activity_keys.activity_id) as state,
        (select activities.location_country from {{ ref('activities') }} as activities where activities.activity_id = activity_keys.activity_id) as country
    from activity_keys

    union

    select city, state, country
    from {{ ref('dim_athlete') }}
    where coalesce(city, state, country) is not null
)

select
    {{ surrogate_key ['city', 'state', 'country'] }} as location_key,
    city,
    state,
    country
from locations
