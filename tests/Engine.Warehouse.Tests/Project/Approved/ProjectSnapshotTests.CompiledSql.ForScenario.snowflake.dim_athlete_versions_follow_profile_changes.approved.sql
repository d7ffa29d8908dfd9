with actual as (
-- Slowly changing athlete dimension (SCD2) from the CDC change log: every profile change is a version.
-- A version is valid from its own change time (Strava's updated_at, else the commit time CDC saw) until the next
-- version's; the first version is valid from the beginning of time, so activities older than the first extract
-- still find their athlete.
with changes as (
    select
        *,
        md5(cast(coalesce(cast(first_name as varchar), '_engine_null_') || '-' || coalesce(cast(last_name as varchar), '_engine_null_') || '-' || coalesce(cast(city as varchar), '_engine_null_') || '-' || coalesce(cast(state as varchar), '_engine_null_') || '-' || coalesce(cast(country as varchar), '_engine_null_') || '-' || coalesce(cast(sex as varchar), '_engine_null_') || '-' || coalesce(cast(has_premium_subscription as varchar), '_engine_null_') || '-' || coalesce(cast(summit_subscription as varchar), '_engine_null_') || '-' || coalesce(cast(weight_kg as varchar), '_engine_null_') as varchar)) as profile
    from "__engine_unit__ref_athlete_changes"
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
    md5(cast(coalesce(cast(athlete_id as varchar), '_engine_null_') || '-' || coalesce(cast(version as varchar), '_engine_null_') as varchar)) as athlete_key,
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
    case when version = 1 then cast('2000-01-01 00:00:00+00' as timestamp with time zone) else starts_at end as valid_from,
    ends_at as valid_to,
    ends_at is null as is_current,
    changed_at,
    lsn as changed_lsn
from bounded
),
expected as (
select athlete_id, version, city, valid_from, valid_to, is_current
from actual
where 1 = 0
union all
select '1', '1', 'Ghent', '2000-01-01 00:00:00+00', '2024-03-01 08:00:00+00', 'false'
union all
select '1', '2', 'Bruges', '2024-03-01 08:00:00+00', '2024-03-01 08:00:00+00', 'false'
union all
select '1', '3', 'Antwerp', '2024-03-01 08:00:00+00', null, 'true'
union all
select '2', '1', 'Leuven', '2000-01-01 00:00:00+00', null, 'true'
),
actual_rows as (
    select athlete_id, version, city, valid_from, valid_to, is_current, count(*) as engine_rows
    from actual
    group by athlete_id, version, city, valid_from, valid_to, is_current
),
expected_rows as (
    select athlete_id, version, city, valid_from, valid_to, is_current, count(*) as engine_rows
    from expected
    group by athlete_id, version, city, valid_from, valid_to, is_current
)
select '+' as diff, l.athlete_id, l.version, l.city, l.valid_from, l.valid_to, l.is_current, l.engine_rows - coalesce(r.engine_rows, 0) as times
from actual_rows l
left join expected_rows r
    on l.athlete_id is not distinct from r.athlete_id
    and l.version is not distinct from r.version
    and l.city is not distinct from r.city
    and l.valid_from is not distinct from r.valid_from
    and l.valid_to is not distinct from r.valid_to
    and l.is_current is not distinct from r.is_current
where l.engine_rows > coalesce(r.engine_rows, 0)
union all
select '-' as diff, l.athlete_id, l.version, l.city, l.valid_from, l.valid_to, l.is_current, l.engine_rows - coalesce(r.engine_rows, 0) as times
from expected_rows l
left join actual_rows r
    on l.athlete_id is not distinct from r.athlete_id
    and l.version is not distinct from r.version
    and l.city is not distinct from r.city
    and l.valid_from is not distinct from r.valid_from
    and l.valid_to is not distinct from r.valid_to
    and l.is_current is not distinct from r.is_current
where l.engine_rows > coalesce(r.engine_rows, 0)
