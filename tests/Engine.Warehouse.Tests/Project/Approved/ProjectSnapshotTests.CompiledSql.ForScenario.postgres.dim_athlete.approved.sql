-- Slowly changing athlete dimension (SCD2) from the CDC change log: every profile change is a version.
-- A version is valid from its own change time (Strava's updated_at, else the commit time CDC saw) until the next
-- version's; the first version is valid from the beginning of time, so activities older than the first extract
-- still find their athlete.
with changes as (
    select
        *,
        md5(cast(coalesce(cast(first_name as text), '_engine_null_') || '-' || coalesce(cast(last_name as text), '_engine_null_') || '-' || coalesce(cast(city as text), '_engine_null_') || '-' || coalesce(cast(state as text), '_engine_null_') || '-' || coalesce(cast(country as text), '_engine_null_') || '-' || coalesce(cast(sex as text), '_engine_null_') || '-' || coalesce(cast(has_premium_subscription as text), '_engine_null_') || '-' || coalesce(cast(summit_subscription as text), '_engine_null_') || '-' || coalesce(cast(weight_kg as text), '_engine_null_') as text)) as profile
    from "raw"."athlete_changes"
),

compared as (
    select
        *,
        lag(profile) over (partition by athlete_id order by lsn, seq) as previous_profile
    from changes
),

-- A row that repeats the previous profile (a re-sync, or a change to a field outside the profile) is no new version.
profile_changes as (
    select
        *,
        coalesce(updated_at, changed_at) as change_time
    from compared
    where previous_profile is null or previous_profile <> profile
),

-- Versions follow the order CDC saw the changes in, so the current version is the current row at the source. A
-- change time earlier than the previous version's (a clock that went back) is raised to it: intervals never overlap.
versions as (
    select
        *,
        row_number() over (partition by athlete_id order by lsn, seq) as version,
        max(change_time) over (partition by athlete_id order by lsn, seq rows between unbounded preceding and current row) as starts_at
    from profile_changes
),

bounded as (
    select
        *,
        lead(starts_at) over (partition by athlete_id order by version) as ends_at
    from versions
)

select
    md5(cast(coalesce(cast(athlete_id as text), '_engine_null_') || '-' || coalesce(cast(version as text), '_engine_null_') as text)) as athlete_key,
    athlete_id,
    cast(version as integer) as version,
    first_name,
    last_name,
    full_name,
    city,
    state,
    country,
    sex,
    has_premium_subscription,
    summit_subscription,
    weight_kg,
    created_at,
    updated_at,
    case when version = 1 then cast('1900-01-01 00:00:00+00' as timestamp with time zone) else starts_at end as valid_from,
    ends_at as valid_to,
    ends_at is null as is_current,
    changed_at,
    lsn as changed_lsn
from bounded


-- post_hook
create unique index if not exists dim_athlete__athlete_key on "dwh"."dim_athlete" (athlete_key);
