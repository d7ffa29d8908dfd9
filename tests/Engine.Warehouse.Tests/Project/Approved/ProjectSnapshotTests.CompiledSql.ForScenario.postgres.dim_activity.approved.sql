-- One row per activity type (Strava's sport type, lowercased) of the activities in fact_activity. Read from the fact's
-- index on the type (distinct_values), so a daily build costs the number of types, not of activities; a type no
-- activity has any more is gone after the next build, as the table is rebuilt whole (and kept when unchanged).
select
    md5(cast(coalesce(cast(activity_type as text), '_engine_null_') as text)) as activity_type_id,
    activity_type
from (
    with recursive distinct_values as (
        select min(activity_type) as activity_type from "dwh"."fact_activity"
        union all
        select (select min(next_value.activity_type) from "dwh"."fact_activity" as next_value where next_value.activity_type > distinct_values.activity_type)
        from distinct_values
        where distinct_values.activity_type is not null
    )
    select activity_type from distinct_values where activity_type is not null
) as activity_types
