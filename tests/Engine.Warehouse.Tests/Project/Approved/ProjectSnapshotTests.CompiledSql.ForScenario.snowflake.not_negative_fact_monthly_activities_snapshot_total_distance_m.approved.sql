select total_distance_m
from ANALYTICS.dwh.fact_monthly_activities_snapshot
where total_distance_m < 0
