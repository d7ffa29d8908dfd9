select activity_type
from "dwh"."dim_activity"
where activity_type is null
