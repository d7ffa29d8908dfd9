with recency as (
    select
      max(started_at) as most_recent
    from "dwh"."fact_activity"
)
select
    most_recent,
    cast(dateadd(day, -3, current_timestamp()) as timestamp) as threshold
from recency
where most_recent < cast(dateadd(day, -3, current_timestamp()) as timestamp)
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
    cast(dateadd(month, -1, current_timestamp()) as date) as threshold
from recency
where most_recent < cast(dateadd(month, -1, current_timestamp()) as date)
   or most_recent is null
