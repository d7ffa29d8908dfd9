select is_current
from "dwh"."dim_athlete"
where is_current is null
