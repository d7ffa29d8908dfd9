-- One row per activity with a GPS track: the route as Strava's summary_polyline (Google's encoded polyline format,
-- precision 1e5), for the routes map. Activities without a track (indoor, manual) are left out. Incremental: every
-- column comes from the activity's source row, so a run reads only the fact rows CDC changed since the last one (above
-- the highest commit position, LSN, the table holds); the pre-hook first removes those activities and the ones deleted
-- at the source, so an edit that drops the track removes the route too (one list of keys, read through the indexes on
-- the commit position with newest_bound, so the delete looks the keys up instead of scanning the routes).
-- The watermark names existing.source_lsn: on a route table built before it had the column, the error says so (build
-- it once with --full-refresh) instead of PostgreSQL taking the fact's column and refusing an aggregate in WHERE.
select
    fact.activity_id,
    fact.athlete_id,
    fact.activity_type,
    fact.started_at,
    fact.distance_m,
    activities.summary_polyline,
    fact.source_lsn
from ANALYTICS.dwh.fact_activity as fact
join ANALYTICS.raw.activities as activities
    on activities.activity_id = fact.activity_id
where activities.summary_polyline is not null
    and activities.summary_polyline <> ''
