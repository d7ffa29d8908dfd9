select date_day
from ANALYTICS.dwh.dim_date
where date_day is null
