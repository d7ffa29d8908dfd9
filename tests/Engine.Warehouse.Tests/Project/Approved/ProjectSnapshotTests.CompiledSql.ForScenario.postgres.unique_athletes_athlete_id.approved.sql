select athlete_id as unique_field, count(*) as n_records
from "raw"."athletes"
where athlete_id is not null
group by athlete_id
having count(*) > 1
