select valid_from
from ANALYTICS.dwh.dim_athlete
where valid_from is null
