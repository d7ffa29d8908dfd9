-- The original's singular test: no activity has a negative distance.
select activity_id, distance_m
from "dwh"."fact_activity"
where distance_m < 0
