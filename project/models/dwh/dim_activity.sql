{{ config { materialized: 'table' } }}
-- One row per activity type (Strava's sport type, lowercased).
select
    {{ surrogate_key ['activity_type'] }} as activity_type_id,
    activity_type
from (
    select distinct activity_type
    from {{ ref('activities') }}
    where activity_type is not null
) as activity_types
