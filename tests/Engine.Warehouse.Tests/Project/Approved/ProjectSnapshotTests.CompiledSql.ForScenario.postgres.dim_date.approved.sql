-- One row per day from the var date_spine_start to the run date, with the calendar columns the models use.
with spine as (
    select date_day::date as date_day
from generate_series(cast('2010-01-01' as timestamp), cast(cast('2026-01-15' as date) + 1 as timestamp) - interval '1 day', interval '1 day') as spine(date_day)
)
select
    cast(date_day as date) as date_day,
    cast(date_trunc('month', date_day) as date) as month_start_date,
    cast(((date_trunc('month', date_day) + ((interval '1 month') * (1))) + ((interval '1 day') * (-1))) as date) as month_end_date,
    extract(year from date_day) as year,
    extract(quarter from date_day) as quarter,
    extract(month from date_day) as month,
    to_char(date_day, 'FMMonth') as month_name,
    extract(week from date_day) as week,
    extract(isodow from date_day) as day_of_week,
    extract(isodow from date_day) in (6, 7) as is_weekend
from spine
