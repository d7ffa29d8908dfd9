select athlete_id
from "raw"."athletes"
where athlete_id is null
