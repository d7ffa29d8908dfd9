select activity_id
from "dwh"."fact_activity_route"
where activity_id is null
