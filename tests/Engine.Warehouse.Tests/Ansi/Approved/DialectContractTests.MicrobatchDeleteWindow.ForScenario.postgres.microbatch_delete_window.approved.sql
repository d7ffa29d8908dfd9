delete from "dwh"."daily_counts"
where "occurred_at" >= cast('2024-01-15 00:00:00+00:00' as timestamp with time zone) and "occurred_at" < cast('2024-01-16 00:00:00+00:00' as timestamp with time zone)
