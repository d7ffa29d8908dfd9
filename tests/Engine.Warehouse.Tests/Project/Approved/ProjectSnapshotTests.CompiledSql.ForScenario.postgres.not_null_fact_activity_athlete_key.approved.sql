select athlete_key
from "dwh"."fact_activity"
where athlete_key is null
