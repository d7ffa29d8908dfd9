with validation as (
  select
    sum(case when location_key is null then 0 else 1 end) / cast(count(*) as numeric(28,6)) as not_null_proportion
  from "dwh"."fact_activity"
),
validation_errors as (
  select
    not_null_proportion
  from validation
  where not_null_proportion < 0.5 or not_null_proportion > 1
)
select
  *
from validation_errors

-- grouped
with validation as (
  select
    athlete_key, sum(case when location_key is null then 0 else 1 end) / cast(count(*) as numeric(28,6)) as not_null_proportion
  from "dwh"."fact_activity"
  group by athlete_key
),
validation_errors as (
  select
    athlete_key, not_null_proportion
  from validation
  where not_null_proportion < 0.5 or not_null_proportion > 0.99
)
select
  *
from validation_errors
