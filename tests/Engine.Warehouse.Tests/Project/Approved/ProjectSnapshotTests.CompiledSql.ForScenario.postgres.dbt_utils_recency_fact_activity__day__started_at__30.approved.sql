with recency as (
    select
      max(started_at) as most_recent
    from "dwh"."fact_activity"
)
select
    most_recent,
    cast((now() + ((interval '1 day') * (-30))) as timestamp) as threshold
from recency
where most_recent < cast((now() + ((interval '1 day') * (-30))) as timestamp)
   or most_recent is null
