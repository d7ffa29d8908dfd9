select changed_at
from "raw"."athlete_changes"
where changed_at is null
