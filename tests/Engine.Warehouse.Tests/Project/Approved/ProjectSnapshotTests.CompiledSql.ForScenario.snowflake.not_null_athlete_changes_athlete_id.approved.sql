select athlete_id
from ANALYTICS.raw.athlete_changes
where athlete_id is null
