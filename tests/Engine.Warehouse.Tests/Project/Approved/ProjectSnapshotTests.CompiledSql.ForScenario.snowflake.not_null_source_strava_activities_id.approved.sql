select id
from strava.activities
where id is null
