with validation_errors as (
    select
        athlete_key, started_at
    from "dwh"."fact_activity"
    group by athlete_key, started_at
    having count(*) > 1
)
select *
from validation_errors
