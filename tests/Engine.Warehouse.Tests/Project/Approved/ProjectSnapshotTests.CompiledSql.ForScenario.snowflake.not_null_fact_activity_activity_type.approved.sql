select activity_type
from ANALYTICS.dwh.fact_activity
where activity_type is null
