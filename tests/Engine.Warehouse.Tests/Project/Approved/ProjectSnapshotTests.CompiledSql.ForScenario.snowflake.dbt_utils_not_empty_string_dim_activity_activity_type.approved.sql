with all_values as (
    select
        trim(activity_type) as activity_type
    from ANALYTICS.dwh.dim_activity
),
errors as (
    select * from all_values
    where activity_type = ''
)
select * from errors
