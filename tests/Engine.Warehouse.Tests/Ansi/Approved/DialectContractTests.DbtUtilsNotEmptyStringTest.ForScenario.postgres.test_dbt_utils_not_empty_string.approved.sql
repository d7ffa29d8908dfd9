with all_values as (
    select
        trim(activity_type) as activity_type
    from "dwh"."fact_activity"
),
errors as (
    select * from all_values
    where activity_type = ''
)
select * from errors

-- untrimmed
with all_values as (
    select
        activity_type
    from "dwh"."fact_activity"
),
errors as (
    select * from all_values
    where activity_type = ''
)
select * from errors
