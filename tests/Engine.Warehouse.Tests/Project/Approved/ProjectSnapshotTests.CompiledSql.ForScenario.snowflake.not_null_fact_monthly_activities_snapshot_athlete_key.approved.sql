select athlete_key
from ANALYTICS.dwh.fact_monthly_activities_snapshot
where athlete_key is null
