{{ config {
    materialized: 'incremental',
    unique_key: 'activity_id',
    on_schema_change: 'sync_all_columns',
    pre_hook: "{{ if is_incremental() }}delete from {{ this }} where activity_id in (select id from {{ source('strava', 'activities') }} where _deleted and _lsn > (select {{ high_water_mark 'existing.source_lsn' }} from {{ this }} as existing) and {{ newest_bound '_lsn' (source 'strava' 'activities') '_lsn' }}){{ end }}",
    post_hook: "{{ postgres_unique_key this 'fact_activity' 'activity_id' }}{{ postgres_indexes this 'fact_activity' ['source_lsn', 'activity_type', 'location_key, activity_id', 'activity_key', 'upload_id', 'external_id', 'athlete_id, started_at', 'date_key, athlete_key, location_key'] }}{{ postgres_partial_index this 'fact_activity__indoor_climb' 'activity_id' (indoor_climb) }}"
} }}
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
{{- if is_incremental() }}
watermark as (
    select {{ high_water_mark 'source_lsn' }} as source_lsn
    from {{ this }}
),

new_versions as (
    select athlete_id, min(valid_from) as since
    from {{ ref('dim_athlete') }}
    where changed_lsn > (select source_lsn from watermark)
    group by athlete_id
),

activities as (
    select *
    from {{ ref('activities') }}
    where source_lsn > (select source_lsn from watermark)
        and {{ newest_bound 'source_lsn' (ref 'activities') 'source_lsn' }}

    union all

    select changed_athletes.*
    from {{ ref('activities') }} as changed_athletes
    join new_versions
        on new_versions.athlete_id = changed_athletes.athlete_id
        and changed_athletes.started_at >= new_versions.since
    where changed_athletes.source_lsn <= (select source_lsn from watermark)
),
{{- else }}
activities as (
    select * from {{ ref('activities') }}
),
{{- end }}

located as (
    select
        activities.*,
        versions.athlete_key,
        case when activities.activity_type is not null then {{ surrogate_key ['activities.activity_type'] }} end as activity_type_id,
        case
            when coalesce(location_city, location_state, location_country) is not null
                then {{ surrogate_key ['location_city', 'location_state', 'location_country'] }}
        end as location_key
    from activities
    left join {{ ref('dim_athlete') }} as versions
        on versions.athlete_id = activities.athlete_id
        and activities.started_at >= versions.valid_from
        and (versions.valid_to is null or activities.started_at < versions.valid_to)
)
{{- if is_incremental() }},

-- Each row read looks its stored version up by key: the planner, which cannot see how few rows are above the mark,
-- would otherwise hash the whole table to join it.
compared as (
    select
        located.*,
        (select existing.source_lsn from {{ this }} as existing where existing.activity_id = located.activity_id) as existing_source_lsn,
        (select existing.athlete_key from {{ this }} as existing where existing.activity_id = located.activity_id) as existing_athlete_key,
        (select existing.started_at from {{ this }} as existing where existing.activity_id = located.activity_id) as existing_started_at,
        (select existing.previous_started_at from {{ this }} as existing where existing.activity_id = located.activity_id) as existing_previous_started_at,
        (select existing.previous_source_lsn from {{ this }} as existing where existing.activity_id = located.activity_id) as existing_previous_source_lsn
    from located
)
{{- end }}

select
    {{ surrogate_key ['located.activity_id'] }} as activity_key,
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
    cast('{{ run_started_at }}' as timestamp with time zone) as loaded_at,
{{- if is_incremental() }}
    case when located.source_lsn = located.existing_source_lsn then located.existing_previous_started_at else located.existing_started_at end as previous_started_at,
    case when located.source_lsn = located.existing_source_lsn then located.existing_previous_source_lsn else located.existing_source_lsn end as previous_source_lsn
from compared as located
where located.existing_source_lsn is null
    or located.source_lsn > located.existing_source_lsn
    or located.athlete_key is distinct from located.existing_athlete_key
{{- else }}
    located.started_at as previous_started_at,
    located.source_lsn as previous_source_lsn
from located
{{- end }}
