select changed_at
from ANALYTICS.raw.athlete_changes
where changed_at is null
