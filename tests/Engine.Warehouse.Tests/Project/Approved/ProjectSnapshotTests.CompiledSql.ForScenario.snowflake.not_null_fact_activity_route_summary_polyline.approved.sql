select summary_polyline
from ANALYTICS.dwh.fact_activity_route
where summary_polyline is null
