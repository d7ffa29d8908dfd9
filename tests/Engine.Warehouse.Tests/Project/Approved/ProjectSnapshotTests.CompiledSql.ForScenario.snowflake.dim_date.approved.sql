-- One row per day from the var date_spine_start to the run date (UTC), with the calendar columns the models use.
with spine as (
    select date_day
from (
    select dateadd(day, row_number() over (order by seq4()) - 1, cast('2010-01-01' as date)) as date_day
    from table(generator(rowcount => 100000))
) as spine
where date_day < cast(cast('2026-01-15' as date) + 1 as date)
)
select
    cast(to_char(date_day, 'YYYYMMDD') as integer) as date_key,
    cast(date_day as date) as date_day,
    cast(date_trunc('month', date_day) as date) as month_start_date,
    cast(dateadd(day, -1, dateadd(month, 1, date_trunc('month', date_day))) as date) as month_end_date,
    cast(extract(year from date_day) as integer) as year,
    cast(extract(quarter from date_day) as integer) as quarter,
    cast(extract(month from date_day) as integer) as month,
    to_char(date_day, 'MMMM') as month_name,
    weekiso(date_day) as week,
    dayofweekiso(date_day) as day_of_week,
    dayofweekiso(date_day) in (6, 7) as is_weekend
from spine
