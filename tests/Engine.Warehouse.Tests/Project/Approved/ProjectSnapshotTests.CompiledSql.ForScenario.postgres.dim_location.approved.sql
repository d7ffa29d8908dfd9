-- Where activities happen and where athletes live: the distinct (city, state, country) of both. Strava leaves an
-- activity's location empty more often than not; such activities have no location.
with locations as (
    select location_city as city, location_state as state, location_country as country
    from "raw"."activities"
    where coalesce(location_city, location_state, location_country) is not null

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
