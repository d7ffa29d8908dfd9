select activity_id
from ANALYTICS.dwh.fact_activity
where activity_id is null
