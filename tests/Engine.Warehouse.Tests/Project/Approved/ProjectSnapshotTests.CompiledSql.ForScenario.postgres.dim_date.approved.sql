-- One row per day from the var date_spine_start to the run date (UTC), with the calendar columns the models use.
with spine as (
    select date_day::date as date_day
from generate_series(cast('2010-01-01' as timestamp), cast(cast('2026-01-15' as date) + 1 as timestamp) - interval '1 day', interval '1 day') as spine(date_day)
)
select
    cast(to_char(date_day, 'YYYYMMDD') as integer) as date_key,
    cast(date_day as date) as date_day,
    cast(date_trunc('month', date_day) as date) as month_start_date,
    cast(((date_trunc('month', date_day) + ((interval '1 month') * (1))) + ((interval '1 day') * (-1))) as date) as month_end_date,
    cast(extract(year from date_day) as integer) as year,
    cast(extract(quarter from date_day) as integer) as quarter,
    cast(extract(month from date_day) as integer) as month,
    to_char(date_day, 'FMMonth') as month_name,
    cast(extract(week from date_day) as integer) as week,
    cast(extract(isodow from date_day) as integer) as day_of_week,
    extract(isodow from date_day) in (6, 7) as is_weekend
from spine


-- post_hook
create unique index if not exists dim_date__date_key on "dwh"."dim_date" (date_key);
