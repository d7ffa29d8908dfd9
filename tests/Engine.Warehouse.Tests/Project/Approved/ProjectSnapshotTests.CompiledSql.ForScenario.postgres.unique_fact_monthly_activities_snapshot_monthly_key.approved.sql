select monthly_key as unique_field, count(*) as n_records
from "dwh"."fact_monthly_activities_snapshot"
where monthly_key is not null
group by monthly_key
having count(*) > 1
