with windowed as (
    select
        date_key,
        lag(date_key) over (
            order by date_key
        ) as previous_date_key
    from "dwh"."dim_date"
),
validation_errors as (
    select
        *
    from windowed
    where not(date_key = previous_date_key + 1)
)
select *
from validation_errors

-- by date part, grouped
with windowed as (
    select
        month_of_year, date_day,
        lag(date_day) over (
            partition by month_of_year order by date_day
        ) as previous_date_day
    from "dwh"."dim_date"
),
validation_errors as (
    select
        *
    from windowed
    where not(cast(date_day as timestamp) = cast((previous_date_day + ((interval '1 day') * (1))) as timestamp))
)
select *
from validation_errors
