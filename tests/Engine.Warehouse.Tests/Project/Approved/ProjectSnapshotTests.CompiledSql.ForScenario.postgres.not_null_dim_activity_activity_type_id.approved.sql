select activity_type_id
from "dwh"."dim_activity"
where activity_type_id is null
