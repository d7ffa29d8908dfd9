with windowed as (
    select
        date_day,
        lag(date_day) over (
            order by date_day
        ) as previous_date_day
    from ANALYTICS.dwh.dim_date
),
validation_errors as (
    select
        *
    from windowed
    where not(cast(date_day as timestamp) = cast(dateadd(day, 1, previous_date_day) as timestamp))
)
select *
from validation_errors
