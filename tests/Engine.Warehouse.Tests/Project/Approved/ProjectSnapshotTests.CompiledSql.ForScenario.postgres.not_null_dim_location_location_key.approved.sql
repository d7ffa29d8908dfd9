select location_key
from "dwh"."dim_location"
where location_key is null
