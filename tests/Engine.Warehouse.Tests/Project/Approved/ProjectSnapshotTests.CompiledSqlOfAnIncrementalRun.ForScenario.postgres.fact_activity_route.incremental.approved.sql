-- pre_hook
delete from "dwh"."fact_activity_route" where activity_id in (select activity_id from "dwh"."fact_activity" where source_lsn > (select coalesce(max(existing.source_lsn), cast('0/0' as pg_lsn)) from "dwh"."fact_activity_route" as existing) and source_lsn <= (select max(source_lsn) from "dwh"."fact_activity") union all select id from "strava"."activities" where _deleted and _lsn > (select coalesce(max(existing.source_lsn), cast('0/0' as pg_lsn)) from "dwh"."fact_activity_route" as existing) and _lsn <= (select max(_lsn) from "strava"."activities"))


-- One row per activity with a GPS track: the route as Strava's summary_polyline (Google's encoded polyline format,
-- precision 1e5), for the routes map. Activities without a track (indoor, manual) are left out. Incremental: every
-- column comes from the activity's source row, so a run reads only the fact rows CDC changed since the last one (above
-- the highest commit position, LSN, the table holds); the pre-hook first removes those activities and the ones deleted
-- at the source, so an edit that drops the track removes the route too (one list of keys, read through the indexes on
-- the commit position with newest_bound, so the delete looks the keys up instead of scanning the routes).
-- The watermark names existing.source_lsn: on a route table built before it had the column, the error says so (build
-- it once with --full-refresh) instead of PostgreSQL taking the fact's column and refusing an aggregate in WHERE.
-- The changed rows are few, but the planner cannot see that behind the high-water mark's subquery (it guesses a third of
-- the fact) and would hash-join the whole source: each changed row looks its track up by the source's key instead.
select *
from (
    select
        fact.activity_id,
        fact.athlete_id,
        fact.activity_type,
        fact.started_at,
        fact.distance_m,
        (
            select activities.summary_polyline
            from "raw"."activities" as activities
            where activities.activity_id = fact.activity_id
        ) as summary_polyline,
        fact.source_lsn
    from "dwh"."fact_activity" as fact
    where fact.source_lsn > (select coalesce(max(existing.source_lsn), cast('0/0' as pg_lsn)) from "dwh"."fact_activity_route" as existing)
        and fact.source_lsn <= (select max(source_lsn) from "dwh"."fact_activity")
) as changed
where summary_polyline is not null
    and summary_polyline <> ''


-- post_hook
create index if not exists fact_activity_route__source_lsn on "dwh"."fact_activity_route" (source_lsn);
