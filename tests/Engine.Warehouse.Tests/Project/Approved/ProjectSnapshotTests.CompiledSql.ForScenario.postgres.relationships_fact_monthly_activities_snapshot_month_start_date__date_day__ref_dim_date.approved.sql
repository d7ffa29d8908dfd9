with child as (
    select month_start_date as from_field
    from "dwh"."fact_monthly_activities_snapshot"
    where month_start_date is not null
),
parent as (
    select date_day as to_field
    from "dwh"."dim_date"
)
select from_field
from child
left join parent on child.from_field = parent.to_field
where parent.to_field is null
