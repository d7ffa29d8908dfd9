with validation_errors as (
    select
        athlete_id, month_start_date
    from ANALYTICS.dwh.fact_monthly_activities_snapshot
    group by athlete_id, month_start_date
    having count(*) > 1
)
select *
from validation_errors
