-- pre_hook
delete from ANALYTICS.dwh.fact_activity where activity_id in (select id from strava.activities where _deleted and _lsn > (select coalesce(max(existing.source_lsn), 0) from ANALYTICS.dwh.fact_activity as existing) and _lsn <= (select max(_lsn) from strava.activities))


-- One row per activity, with the keys of its dimensions. Incremental: a run reads only the activities CDC applied
-- since the last one (above the highest commit position, LSN, the table holds: CDC indexes it) and those of athletes
-- with a new profile version, and rewrites the rows whose values changed; the pre-hook removes activities deleted at
-- the source since the last run. The post-hook's indexes (PostgreSQL): the one on the commit position keeps the
-- high-water mark (here and in fact_activity_route) a lookup instead of a scan of the whole history; dim_activity and
-- dim_location read their values from those on the type and the location, so they follow the fact, not every source
-- row; the unique tests of a daily build look the written rows' values up in the others instead of scanning a column,
-- and assert_fact_activity_matches_staging each changed activity by its key (unique, from the first build on).
-- The index on (athlete_id, started_at) lets the monthly snapshot aggregate one athlete's month; the partial index
-- holds the rows assert_indoor_trainer_has_no_elevation_gain reports (none while the data is right). The one on the
-- dimensions' keys lets a count of bi_analysis (its equal_rowcount test) read that index instead of the whole table:
-- PostgreSQL removes the view's left joins, but still asks the fact for the keys they joined on. previous_started_at
-- and previous_source_lsn are the row's values before its last change (its own on a full build): the monthly snapshot
-- finds there the month an edit moved an activity out of.
-- The dimensions' keys are computed here from the activity's own values (the surrogate keys the dimensions use), so
-- the fact reads no dimension but dim_athlete.
with
watermark as (
    select coalesce(max(source_lsn), 0) as source_lsn
    from ANALYTICS.dwh.fact_activity
),

new_versions as (
    select athlete_id, min(valid_from) as since
    from ANALYTICS.dwh.dim_athlete
    where changed_lsn > (select source_lsn from watermark)
    group by athlete_id
),

activities as (
    select *
    from ANALYTICS.raw.activities
    where source_lsn > (select source_lsn from watermark)
        and source_lsn <= (select max(source_lsn) from ANALYTICS.raw.activities)

    union all

    select changed_athletes.*
    from ANALYTICS.raw.activities as changed_athletes
    join new_versions
        on new_versions.athlete_id = changed_athletes.athlete_id
        and changed_athletes.started_at >= new_versions.since
    where changed_athletes.source_lsn <= (select source_lsn from watermark)
),

located as (
    select
        activities.*,
        versions.athlete_key,
        case when activities.activity_type is not null then md5(cast(coalesce(cast(activities.activity_type as varchar), '_engine_null_') as varchar)) end as activity_type_id,
        case
            when coalesce(location_city, location_state, location_country) is not null
                then md5(cast(coalesce(cast(location_city as varchar), '_engine_null_') || '-' || coalesce(cast(location_state as varchar), '_engine_null_') || '-' || coalesce(cast(location_country as varchar), '_engine_null_') as varchar))
        end as location_key
    from activities
    left join ANALYTICS.dwh.dim_athlete as versions
        on versions.athlete_id = activities.athlete_id
        and activities.started_at >= versions.valid_from
        and (versions.valid_to is null or activities.started_at < versions.valid_to)
),

-- Each row read looks its stored version up by key: the planner, which cannot see how few rows are above the mark,
-- would otherwise hash the whole table to join it.
compared as (
    select
        located.*,
        (select existing.source_lsn from ANALYTICS.dwh.fact_activity as existing where existing.activity_id = located.activity_id) as existing_source_lsn,
        (select existing.athlete_key from ANALYTICS.dwh.fact_activity as existing where existing.activity_id = located.activity_id) as existing_athlete_key,
        (select existing.started_at from ANALYTICS.dwh.fact_activity as existing where existing.activity_id = located.activity_id) as existing_started_at,
        (select existing.previous_started_at from ANALYTICS.dwh.fact_activity as existing where existing.activity_id = located.activity_id) as existing_previous_started_at,
        (select existing.previous_source_lsn from ANALYTICS.dwh.fact_activity as existing where existing.activity_id = located.activity_id) as existing_previous_source_lsn
    from located
)

select
    md5(cast(coalesce(cast(located.activity_id as varchar), '_engine_null_') as varchar)) as activity_key,
    located.activity_id,
    located.athlete_id,
    located.athlete_key,
    cast(to_char(located.started_at, 'YYYYMMDD') as integer) as date_key,
    located.location_key,
    located.activity_type_id,
    located.activity_name,
    located.activity_type,
    located.started_at,
    located.started_at_local,
    located.is_manual_input,
    located.is_commute,
    located.is_indoor_trainer,
    located.distance_m,
    located.moving_time_s,
    located.elapsed_time_s,
    located.elevation_gain_m,
    located.avg_speed_ms,
    located.max_speed_ms,
    located.highest_elevation,
    located.lowest_elevation,
    located.start_latitude,
    located.start_longitude,
    located.end_latitude,
    located.end_longitude,
    located.upload_id,
    located.external_id,
    located.kudos_count,
    located.extracted_at,
    located.source_lsn,
    cast('2026-01-15 06:30:00.000000+00:00' as timestamp with time zone) as loaded_at,
    case when located.source_lsn = located.existing_source_lsn then located.existing_previous_started_at else located.existing_started_at end as previous_started_at,
    case when located.source_lsn = located.existing_source_lsn then located.existing_previous_source_lsn else located.existing_source_lsn end as previous_source_lsn
from compared as located
where located.existing_source_lsn is null
    or located.source_lsn > located.existing_source_lsn
    or located.athlete_key is distinct from located.existing_athlete_key
