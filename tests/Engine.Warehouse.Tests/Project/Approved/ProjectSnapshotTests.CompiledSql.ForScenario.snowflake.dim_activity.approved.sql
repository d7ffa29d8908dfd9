-- One row per activity type (Strava's sport type, lowercased) of the activities in fact_activity. Read from the fact's
-- index on the type (distinct_values), so a daily build costs the number of types, not of activities; a type no
-- activity has any more is gone after the next build, as the table is rebuilt whole (and kept when unchanged).
select
    md5(cast(coalesce(cast(activity_type as varchar), '_engine_null_') as varchar)) as activity_type_id,
    activity_type
from (
    select distinct activity_type from ANALYTICS.dwh.fact_activity where activity_type is not null
) as activity_types
