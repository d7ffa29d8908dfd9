with left_table as (
  select
    location_key as id
  from "dwh"."fact_activity"
  where location_key is not null
    and started_at >= '2020-01-01'
),
right_table as (
  select
    location_key as id
  from "dwh"."dim_location"
  where location_key is not null
    and 1=1
),
exceptions as (
  select
    left_table.id,
    right_table.id as right_id
  from left_table
  left join right_table
         on left_table.id = right_table.id
  where right_table.id is null
)
select * from exceptions
