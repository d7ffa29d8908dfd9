select month_start_date
from "dwh"."fact_monthly_activities_snapshot"
where month_start_date is null
