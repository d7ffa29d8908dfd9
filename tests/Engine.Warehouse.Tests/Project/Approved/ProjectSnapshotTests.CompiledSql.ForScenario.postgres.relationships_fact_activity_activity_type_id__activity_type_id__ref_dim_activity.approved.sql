with child as (
    select activity_type_id as from_field
    from "dwh"."fact_activity"
    where activity_type_id is not null
),
parent as (
    select activity_type_id as to_field
    from "dwh"."dim_activity"
)
select from_field
from child
left join parent on child.from_field = parent.to_field
where parent.to_field is null
