select activity_type_id
from ANALYTICS.dwh.dim_activity
where activity_type_id is null
