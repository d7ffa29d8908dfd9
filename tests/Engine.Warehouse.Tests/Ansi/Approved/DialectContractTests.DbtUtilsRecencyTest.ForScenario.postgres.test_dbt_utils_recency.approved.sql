with recency as (
    select
      max(started_at) as most_recent
    from "dwh"."fact_activity"
)
select
    most_recent,
    cast((now() + ((interval '1 day') * (-3))) as timestamp) as threshold
from recency
where most_recent < cast((now() + ((interval '1 day') * (-3))) as timestamp)
   or most_recent is null

-- dates, grouped
with recency as (
    select
      athlete_key, cast(max(started_at) as date) as most_recent
    from "dwh"."fact_activity"
    group by athlete_key
)
select
    athlete_key, most_recent,
    cast((now() + ((interval '1 month') * (-1))) as date) as threshold
from recency
where most_recent < cast((now() + ((interval '1 month') * (-1))) as date)
   or most_recent is null
