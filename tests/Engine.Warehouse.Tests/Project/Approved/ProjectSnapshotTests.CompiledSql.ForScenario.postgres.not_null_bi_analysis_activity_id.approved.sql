select activity_id
from "dwh"."bi_analysis"
where activity_id is null
