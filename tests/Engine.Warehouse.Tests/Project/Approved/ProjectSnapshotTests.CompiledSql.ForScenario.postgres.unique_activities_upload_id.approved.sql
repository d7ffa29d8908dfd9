select upload_id as unique_field, count(*) as n_records
from "raw"."activities"
where upload_id is not null
group by upload_id
having count(*) > 1
