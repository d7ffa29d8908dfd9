select activity_id as unique_field, count(*) as n_records
from ANALYTICS.dwh.fact_activity_route
where activity_id is not null
group by activity_id
having count(*) > 1
