select activity_type as unique_field, count(*) as n_records
from ANALYTICS.dwh.dim_activity
where activity_type is not null
group by activity_type
having count(*) > 1
