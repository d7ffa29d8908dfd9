with validation_errors as (
    select
        athlete_id, version
    from ANALYTICS.dwh.dim_athlete
    group by athlete_id, version
    having count(*) > 1
)
select *
from validation_errors
