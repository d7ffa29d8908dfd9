select activity_id
from ANALYTICS.dwh.bi_analysis
where activity_id is null
