select athlete_key
from ANALYTICS.dwh.dim_athlete
where athlete_key is null
