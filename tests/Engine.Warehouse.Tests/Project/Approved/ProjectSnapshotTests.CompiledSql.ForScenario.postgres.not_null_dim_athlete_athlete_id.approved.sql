select athlete_id
from "dwh"."dim_athlete"
where athlete_id is null
