{{ config { materialized: 'table', post_hook: "{{ postgres_unique_key this 'dim_date' 'date_key' }}" } }}
-- One row per day from the var date_spine_start to the run date (UTC), with the calendar columns the models use.
with spine as (
    {{ date_spine 'day' ("'" + var('date_spine_start') + "'") ("cast('" + (run_started_at | string.slice 0 10) + "' as date) + 1") }}
)
select
    cast(to_char(date_day, 'YYYYMMDD') as integer) as date_key,
    cast(date_day as date) as date_day,
    cast({{ date_trunc 'month' 'date_day' }} as date) as month_start_date,
    cast({{ dateadd 'day' '-1' (dateadd 'month' '1' (date_trunc 'month' 'date_day')) }} as date) as month_end_date,
    cast(extract(year from date_day) as integer) as year,
    cast(extract(quarter from date_day) as integer) as quarter,
    cast(extract(month from date_day) as integer) as month,
    {{- if target.type == 'snowflake' }}
    to_char(date_day, 'MMMM') as month_name,
    weekiso(date_day) as week,
    dayofweekiso(date_day) as day_of_week,
    dayofweekiso(date_day) in (6, 7) as is_weekend
    {{- else }}
    to_char(date_day, 'FMMonth') as month_name,
    cast(extract(week from date_day) as integer) as week,
    cast(extract(isodow from date_day) as integer) as day_of_week,
    extract(isodow from date_day) in (6, 7) as is_weekend
    {{- end }}
from spine
