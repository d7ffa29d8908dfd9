select date_day
from "dwh"."dim_date"
where date_day is null
