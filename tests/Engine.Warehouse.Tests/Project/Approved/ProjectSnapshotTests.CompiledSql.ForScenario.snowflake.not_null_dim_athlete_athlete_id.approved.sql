select athlete_id
from ANALYTICS.dwh.dim_athlete
where athlete_id is null
