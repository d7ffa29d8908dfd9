{{ config { materialized: 'table' } }}
-- One row per activity type (Strava's sport type, lowercased) of the activities in fact_activity. Read from the fact's
-- index on the type (distinct_values), so a daily build costs the number of types, not of activities; a type no
-- activity has any more is gone after the next build, as the table is rebuilt whole (and kept when unchanged).
select
    {{ surrogate_key ['activity_type'] }} as activity_type_id,
    activity_type
from (
    {{ distinct_values (ref 'fact_activity') 'activity_type' }}
) as activity_types
