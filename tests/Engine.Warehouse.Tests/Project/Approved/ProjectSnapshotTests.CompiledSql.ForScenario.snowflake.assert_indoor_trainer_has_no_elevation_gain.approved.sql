-- An indoor trainer session cannot climb, so elevation gain on one is a data error. Virtual rides are the exception:
-- they report the climbing of their virtual course. The condition is the macro indoor_climb, on which fact_activity
-- keeps a partial index: the test reads that index (empty while the data is right), not the whole history.
select activity_id, activity_type, elevation_gain_m
from ANALYTICS.dwh.fact_activity
where is_indoor_trainer and activity_type <> 'virtualride' and elevation_gain_m > 0
