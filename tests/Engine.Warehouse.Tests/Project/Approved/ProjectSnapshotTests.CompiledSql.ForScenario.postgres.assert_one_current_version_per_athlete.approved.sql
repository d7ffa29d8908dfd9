-- Every athlete has exactly one current version in dim_athlete.
select athlete_id, sum(case when is_current then 1 else 0 end) as current_versions
from "dwh"."dim_athlete"
group by athlete_id
having sum(case when is_current then 1 else 0 end) <> 1
