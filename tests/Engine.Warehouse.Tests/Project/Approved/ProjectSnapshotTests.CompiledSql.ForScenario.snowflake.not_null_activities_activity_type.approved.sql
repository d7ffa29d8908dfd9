select activity_type
from ANALYTICS.raw.activities
where activity_type is null
