select athlete_id
from ANALYTICS.raw.athletes
where athlete_id is null
