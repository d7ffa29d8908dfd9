with meet_condition as (
  select *
  from ANALYTICS.dwh.fact_activity
),
validation_errors as (
  select *
  from meet_condition
  where
    1 = 2
    or not distance_m >= 0
)
select *
from validation_errors
