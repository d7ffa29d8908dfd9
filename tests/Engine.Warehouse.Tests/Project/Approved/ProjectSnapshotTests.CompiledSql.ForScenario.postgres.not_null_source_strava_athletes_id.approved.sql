select id
from "strava"."athletes"
where id is null
