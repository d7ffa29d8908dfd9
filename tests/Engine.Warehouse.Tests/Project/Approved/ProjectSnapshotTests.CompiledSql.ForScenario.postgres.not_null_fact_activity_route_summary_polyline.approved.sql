select summary_polyline
from "dwh"."fact_activity_route"
where summary_polyline is null
