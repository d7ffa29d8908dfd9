select activity_type
from "dwh"."fact_activity"
where activity_type is null
