-- An indoor trainer session cannot climb, so elevation gain on one is a data error. Virtual rides are the exception:
-- they report the climbing of their virtual course.
select activity_id, activity_type, elevation_gain_m
from "dwh"."fact_activity"
where is_indoor_trainer and activity_type <> 'virtualride' and elevation_gain_m > 0
