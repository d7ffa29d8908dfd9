select activity_id
from "dwh"."fact_activity"
where activity_id is null
