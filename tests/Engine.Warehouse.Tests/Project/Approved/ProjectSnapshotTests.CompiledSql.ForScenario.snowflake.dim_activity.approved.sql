-- One row per activity type (Strava's sport type, lowercased).
select
    md5(cast(coalesce(cast(activity_type as varchar), '_engine_null_') as varchar)) as activity_type_id,
    activity_type
from (
    select distinct activity_type
    from ANALYTICS.raw.activities
    where activity_type is not null
) as activity_types
