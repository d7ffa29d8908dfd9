select date_key
from "dwh"."fact_activity"
where date_key is null
