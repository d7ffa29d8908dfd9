select *
from (
    with pruned_rows as (
      select
        location_key
      from "dwh"."fact_activity"
      where location_key is not null
      limit 1
    )
    select
      count(location_key) as filler_column
    from pruned_rows
    having count(location_key) = 0
) validation_errors

-- grouped
select *
from (
    with pruned_rows as (
      select
        athlete_key, location_key
      from "dwh"."fact_activity"
    )
    select
      athlete_key, count(location_key) as filler_column
    from pruned_rows
    group by athlete_key
    having count(location_key) = 0
) validation_errors
