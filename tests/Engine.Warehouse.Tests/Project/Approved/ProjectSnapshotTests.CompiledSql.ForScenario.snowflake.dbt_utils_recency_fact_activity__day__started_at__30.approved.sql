with recency as (
    select
      max(started_at) as most_recent
    from ANALYTICS.dwh.fact_activity
)
select
    most_recent,
    cast(dateadd(day, -30, current_timestamp()) as timestamp) as threshold
from recency
where most_recent < cast(dateadd(day, -30, current_timestamp()) as timestamp)
   or most_recent is null
