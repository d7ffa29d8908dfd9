-- One row per activity type (Strava's sport type, lowercased).
select
    md5(cast(coalesce(cast(activity_type as text), '_engine_null_') as text)) as activity_type_id,
    activity_type
from (
    select distinct activity_type
    from "raw"."activities"
    where activity_type is not null
) as activity_types
