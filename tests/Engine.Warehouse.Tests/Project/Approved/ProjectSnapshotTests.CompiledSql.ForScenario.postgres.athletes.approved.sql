-- Typed, renamed athlete profiles; location and name fields lowercased as the original models did.
select
    cast(id as bigint) as athlete_id,
    nullif(lower(trim(firstname)), '') as first_name,
    nullif(lower(trim(lastname)), '') as last_name,
    nullif(concat_ws(' ', nullif(lower(trim(firstname)), ''), nullif(lower(trim(lastname)), '')), '') as full_name,
    nullif(lower(trim(city)), '') as city,
    nullif(lower(trim(state)), '') as state,
    nullif(lower(trim(country)), '') as country,
    nullif(upper(trim(sex)), '') as sex,
    cast(premium as boolean) as has_premium_subscription,
    cast(summit as boolean) as summit_subscription,
    cast(weight as double precision) as weight_kg,
    cast(created_at as timestamp with time zone) as created_at,
    cast(updated_at as timestamp with time zone) as updated_at,
    _extracted_at as extracted_at
from "strava"."athletes"
where not coalesce(_deleted, false)
