select activity_type_id
from ANALYTICS.dwh.fact_activity
where activity_type_id is null
