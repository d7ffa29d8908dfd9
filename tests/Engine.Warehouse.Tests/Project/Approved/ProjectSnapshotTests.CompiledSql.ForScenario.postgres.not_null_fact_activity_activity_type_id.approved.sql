select activity_type_id
from "dwh"."fact_activity"
where activity_type_id is null
