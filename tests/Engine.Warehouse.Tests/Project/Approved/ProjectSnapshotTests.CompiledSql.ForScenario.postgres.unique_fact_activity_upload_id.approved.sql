select upload_id as unique_field, count(*) as n_records
from "dwh"."fact_activity"
where upload_id is not null
group by upload_id
having count(*) > 1
