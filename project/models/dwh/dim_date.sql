{{ config { materialized: 'table', unique_key: 'date_day' } }}
-- One row per day from the var date_spine_start to the run date, with the calendar columns the models use.
with spine as (
    {{ date_spine 'day' ("'" + var('date_spine_start') + "'") ("cast('" + (run_started_at | string.slice 0 10) + "' as date) + 1") }}
)
select
    cast(date_day as date) as date_day,
    cast({{ date_trunc 'month' 'date_day' }} as date) as month_start_date,
    cast({{ dateadd 'day' '-1' (dateadd 'month' '1' (date_trunc 'month' 'date_day')) }} as date) as month_end_date,
    extract(year from date_day) as year,
    extract(quarter from date_day) as quarter,
    extract(month from date_day) as month,
    {{- if target.type == 'snowflake' }}
    to_char(date_day, 'MMMM') as month_name,
    weekiso(date_day) as week,
    dayofweekiso(date_day) as day_of_week,
    dayofweekiso(date_day) in (6, 7) as is_weekend
    {{- else }}
    to_char(date_day, 'FMMonth') as month_name,
    extract(week from date_day) as week,
    extract(isodow from date_day) as day_of_week,
    extract(isodow from date_day) in (6, 7) as is_weekend
    {{- end }}
from spine
