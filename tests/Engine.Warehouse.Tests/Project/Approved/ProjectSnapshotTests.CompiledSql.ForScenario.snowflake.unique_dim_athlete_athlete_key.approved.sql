select athlete_key as unique_field, count(*) as n_records
from ANALYTICS.dwh.dim_athlete
where athlete_key is not null
group by athlete_key
having count(*) > 1
