select
    count(distinct activity_type) as filler_column
from "dwh"."fact_activity"
having count(distinct activity_type) = 1

-- grouped
select
    athlete_key, count(distinct activity_type) as filler_column
from "dwh"."fact_activity"
group by athlete_key
having count(distinct activity_type) = 1
