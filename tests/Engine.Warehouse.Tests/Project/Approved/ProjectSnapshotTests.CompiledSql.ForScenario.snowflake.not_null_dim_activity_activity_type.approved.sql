select activity_type
from ANALYTICS.dwh.dim_activity
where activity_type is null
