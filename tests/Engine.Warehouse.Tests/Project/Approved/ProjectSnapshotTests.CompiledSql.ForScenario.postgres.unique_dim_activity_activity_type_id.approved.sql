select activity_type_id as unique_field, count(*) as n_records
from "dwh"."dim_activity"
where activity_type_id is not null
group by activity_type_id
having count(*) > 1
