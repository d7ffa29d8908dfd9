select activity_key
from ANALYTICS.dwh.fact_activity
where activity_key is null
