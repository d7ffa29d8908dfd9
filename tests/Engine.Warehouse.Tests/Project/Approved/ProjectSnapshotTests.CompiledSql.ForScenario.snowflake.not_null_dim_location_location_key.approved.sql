select location_key
from ANALYTICS.dwh.dim_location
where location_key is null
