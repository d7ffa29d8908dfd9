{{ config { strategy: 'check', unique_key: 'activity_id', check_cols: ['activity_name', 'activity_type', 'distance_m', 'moving_time_s', 'elapsed_time_s', 'elevation_gain_m', 'is_commute', 'is_indoor_trainer'], hard_deletes: 'invalidate' } }}
-- Every version of every activity as this project has seen them: athletes rename, re-type, crop and delete activities
-- after uploading them, and the fact table keeps only the latest.
select
    activity_id,
    athlete_id,
    activity_name,
    activity_type,
    distance_m,
    moving_time_s,
    elapsed_time_s,
    elevation_gain_m,
    is_commute,
    is_indoor_trainer,
    started_at
from {{ ref('activities') }}
