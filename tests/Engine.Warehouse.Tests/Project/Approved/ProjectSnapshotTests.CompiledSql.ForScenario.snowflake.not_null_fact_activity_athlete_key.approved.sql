select athlete_key
from ANALYTICS.dwh.fact_activity
where athlete_key is null
