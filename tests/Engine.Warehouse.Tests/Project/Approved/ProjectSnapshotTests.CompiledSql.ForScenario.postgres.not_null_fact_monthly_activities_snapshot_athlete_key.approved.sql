select athlete_key
from "dwh"."fact_monthly_activities_snapshot"
where athlete_key is null
