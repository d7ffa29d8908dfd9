select athlete_key
from "dwh"."dim_athlete"
where athlete_key is null
