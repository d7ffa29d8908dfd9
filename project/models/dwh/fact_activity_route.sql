{{ config {
    materialized: 'incremental',
    unique_key: 'activity_id',
    on_schema_change: 'sync_all_columns',
    pre_hook: "{{ if is_incremental() }}delete from {{ this }} where activity_id in (select activity_id from {{ ref('fact_activity') }} where source_lsn > (select {{ high_water_mark 'existing.source_lsn' }} from {{ this }} as existing) and {{ newest_bound 'source_lsn' (ref 'fact_activity') 'source_lsn' }} union all select id from {{ source('strava', 'activities') }} where _deleted and _lsn > (select {{ high_water_mark 'existing.source_lsn' }} from {{ this }} as existing) and {{ newest_bound '_lsn' (source 'strava' 'activities') '_lsn' }}){{ end }}",
    post_hook: "{{ postgres_indexes this 'fact_activity_route' ['source_lsn'] }}"
} }}
-- One row per activity with a GPS track: the route as Strava's summary_polyline (Google's encoded polyline format,
-- precision 1e5), for the routes map. Activities without a track (indoor, manual) are left out. Incremental: every
-- column comes from the activity's source row, so a run reads only the fact rows CDC changed since the last one (above
-- the highest commit position, LSN, the table holds); the pre-hook first removes those activities and the ones deleted
-- at the source, so an edit that drops the track removes the route too (one list of keys, read through the indexes on
-- the commit position with newest_bound, so the delete looks the keys up instead of scanning the routes).
-- The watermark names existing.source_lsn: on a route table built before it had the column, the error says so (build
-- it once with --full-refresh) instead of PostgreSQL taking the fact's column and refusing an aggregate in WHERE.
{{- if is_incremental() }}
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
            from {{ ref('activities') }} as activities
            where activities.activity_id = fact.activity_id
        ) as summary_polyline,
        fact.source_lsn
    from {{ ref('fact_activity') }} as fact
    where fact.source_lsn > (select {{ high_water_mark 'existing.source_lsn' }} from {{ this }} as existing)
        and {{ newest_bound 'fact.source_lsn' (ref 'fact_activity') 'source_lsn' }}
) as changed
where summary_polyline is not null
    and summary_polyline <> ''
{{- else }}
select
    fact.activity_id,
    fact.athlete_id,
    fact.activity_type,
    fact.started_at,
    fact.distance_m,
    activities.summary_polyline,
    fact.source_lsn
from {{ ref('fact_activity') }} as fact
join {{ ref('activities') }} as activities
    on activities.activity_id = fact.activity_id
where activities.summary_polyline is not null
    and activities.summary_polyline <> ''
{{- end }}
