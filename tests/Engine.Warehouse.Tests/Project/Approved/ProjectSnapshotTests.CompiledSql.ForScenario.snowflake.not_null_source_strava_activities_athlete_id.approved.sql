select athlete_id
from strava.activities
where athlete_id is null
