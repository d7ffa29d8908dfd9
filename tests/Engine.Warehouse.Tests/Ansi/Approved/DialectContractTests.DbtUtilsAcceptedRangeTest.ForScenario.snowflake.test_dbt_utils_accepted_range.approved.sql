with meet_condition as (
  select *
  from "dwh"."fact_activity"
),
validation_errors as (
  select *
  from meet_condition
  where
    1 = 2
    or not distance_m >= 0
    or not distance_m <= 1000000
)
select *
from validation_errors

-- exclusive, max only
with meet_condition as (
  select *
  from "dwh"."fact_activity"
),
validation_errors as (
  select *
  from meet_condition
  where
    1 = 2
    or not distance_m < 1000000
)
select *
from validation_errors
