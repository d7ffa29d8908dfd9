select activity_type
from "raw"."activities"
where activity_type is null
