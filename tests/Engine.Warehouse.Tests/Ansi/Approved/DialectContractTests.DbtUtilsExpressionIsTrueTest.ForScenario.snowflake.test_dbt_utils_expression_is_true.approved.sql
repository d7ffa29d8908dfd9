select *
from "dwh"."fact_activity"
where not(moving_time_s <= elapsed_time_s)

-- on a column
select *
from "dwh"."fact_activity"
where not(distance_m >= 0)
