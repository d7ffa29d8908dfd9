select activity_id
from ANALYTICS.dwh.fact_activity_route
where activity_id is null
