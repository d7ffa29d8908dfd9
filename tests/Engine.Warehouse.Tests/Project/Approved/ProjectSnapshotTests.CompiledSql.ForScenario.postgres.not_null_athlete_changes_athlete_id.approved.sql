select athlete_id
from "raw"."athlete_changes"
where athlete_id is null
