select *
from ANALYTICS.dwh.fact_monthly_activities_snapshot
where not(running_total_distance_m >= total_distance_m and distance_rank >= 1)
