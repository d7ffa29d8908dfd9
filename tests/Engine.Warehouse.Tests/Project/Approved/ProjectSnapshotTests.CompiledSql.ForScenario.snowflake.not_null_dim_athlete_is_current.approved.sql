select is_current
from ANALYTICS.dwh.dim_athlete
where is_current is null
