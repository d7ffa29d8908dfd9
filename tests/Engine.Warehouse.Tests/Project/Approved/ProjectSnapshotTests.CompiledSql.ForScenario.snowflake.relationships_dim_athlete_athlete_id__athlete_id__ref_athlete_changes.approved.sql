with child as (
    select athlete_id as from_field
    from ANALYTICS.dwh.dim_athlete
    where athlete_id is not null
),
parent as (
    select athlete_id as to_field
    from ANALYTICS.raw.athlete_changes
)
select from_field
from child
left join parent on child.from_field = parent.to_field
where parent.to_field is null
