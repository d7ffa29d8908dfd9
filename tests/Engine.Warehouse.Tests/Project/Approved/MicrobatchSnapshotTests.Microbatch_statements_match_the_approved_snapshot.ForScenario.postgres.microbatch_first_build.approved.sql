with "__engine_et__events" as (
select * from "dwh"."events" where "occurred_at" >= cast('2024-01-01 00:00:00+00:00' as timestamp with time zone) and "occurred_at" < cast('2026-01-16 00:00:00+00:00' as timestamp with time zone)
)
select date_trunc('day', e.occurred_at) as day, count(*) as events
from "__engine_et__events" e
join "dwh"."athletes" a on a.id = e.id
group by 1;
