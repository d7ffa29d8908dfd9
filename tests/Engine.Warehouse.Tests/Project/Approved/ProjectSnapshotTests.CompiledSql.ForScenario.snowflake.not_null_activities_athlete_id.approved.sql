select athlete_id
from ANALYTICS.raw.activities
where athlete_id is null
