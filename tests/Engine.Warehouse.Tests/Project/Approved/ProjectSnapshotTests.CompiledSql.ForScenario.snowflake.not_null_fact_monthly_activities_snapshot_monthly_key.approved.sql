select monthly_key
from ANALYTICS.dwh.fact_monthly_activities_snapshot
where monthly_key is null
