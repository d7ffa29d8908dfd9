select date_key
from ANALYTICS.dwh.dim_date
where date_key is null
