select date_key
from "dwh"."dim_date"
where date_key is null
