select valid_from
from "dwh"."dim_athlete"
where valid_from is null
