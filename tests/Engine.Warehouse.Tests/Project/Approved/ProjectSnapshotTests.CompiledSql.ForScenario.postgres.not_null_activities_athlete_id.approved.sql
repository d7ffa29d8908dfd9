select athlete_id
from "raw"."activities"
where athlete_id is null
