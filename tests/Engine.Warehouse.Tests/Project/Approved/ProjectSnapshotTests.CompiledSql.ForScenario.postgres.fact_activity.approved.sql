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
activities as (
    select * from "raw"."activities"
),

located as (
    select
        activities.*,
        versions.athlete_key,
        case when activities.activity_type is not null then md5(cast(coalesce(cast(activities.activity_type as text), '_engine_null_') as text)) end as activity_type_id,
        case
            when coalesce(location_city, location_state, location_country) is not null
                then md5(cast(coalesce(cast(location_city as text), '_engine_null_') || '-' || coalesce(cast(location_state as text), '_engine_null_') || '-' || coalesce(cast(location_country as text), '_engine_null_') as text))
        end as location_key
    from activities
    left join "dwh"."dim_athlete" as versions
        on versions.athlete_id = activities.athlete_id
        and activities.started_at >= versions.valid_from
        and (versions.valid_to is null or activities.started_at < versions.valid_to)
)

select
    md5(cast(coalesce(cast(located.activity_id as text), '_engine_null_') as text)) as activity_key,
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
    located.started_at as previous_started_at,
    located.source_lsn as previous_source_lsn
from located


-- post_hook
create unique index if not exists fact_activity__activity_id on "dwh"."fact_activity" (activity_id);
create index if not exists fact_activity__source_lsn on "dwh"."fact_activity" (source_lsn);
create index if not exists fact_activity__activity_type on "dwh"."fact_activity" (activity_type);
create index if not exists fact_activity__location_key on "dwh"."fact_activity" (location_key, activity_id);
create index if not exists fact_activity__activity_key on "dwh"."fact_activity" (activity_key);
create index if not exists fact_activity__upload_id on "dwh"."fact_activity" (upload_id);
create index if not exists fact_activity__external_id on "dwh"."fact_activity" (external_id);
create index if not exists fact_activity__athlete_id on "dwh"."fact_activity" (athlete_id, started_at);
create index if not exists fact_activity__date_key on "dwh"."fact_activity" (date_key, athlete_key, location_key);
create index if not exists fact_activity__indoor_climb on "dwh"."fact_activity" (activity_id) where is_indoor_trainer and activity_type <> 'virtualride' and elevation_gain_m > 0;
