select activity_id
from ANALYTICS.raw.activities
where activity_id is null
