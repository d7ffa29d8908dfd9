select activity_key
from "dwh"."fact_activity"
where activity_key is null
