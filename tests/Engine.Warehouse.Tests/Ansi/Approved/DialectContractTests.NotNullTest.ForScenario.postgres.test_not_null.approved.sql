select activity_id
from "raw"."activities"
where activity_id is null
