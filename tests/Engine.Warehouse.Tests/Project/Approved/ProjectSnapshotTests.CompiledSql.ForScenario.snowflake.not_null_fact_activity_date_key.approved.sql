select date_key
from ANALYTICS.dwh.fact_activity
where date_key is null
