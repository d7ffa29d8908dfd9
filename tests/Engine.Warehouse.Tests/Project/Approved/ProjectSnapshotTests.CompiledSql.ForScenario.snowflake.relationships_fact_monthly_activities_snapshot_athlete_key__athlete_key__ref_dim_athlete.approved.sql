with child as (
    select athlete_key as from_field
    from ANALYTICS.dwh.fact_monthly_activities_snapshot
    where athlete_key is not null
),
parent as (
    select athlete_key as to_field
    from ANALYTICS.dwh.dim_athlete
)
select from_field
from child
left join parent on child.from_field = parent.to_field
where parent.to_field is null
