-- One row per athlete and month with activity (months of the UTC start date): totals, the running total, the
-- month's distance rank among the athlete's months and the 3-month moving average, computed as the original did
-- (over the athlete's months with activity). The athlete attributes are those of the version current at month end,
-- so a month that spans a profile change is kept.
-- Incremental: a run aggregates again only the months the fact's changes since the last run touched (above the
-- highest commit position, LSN, the table holds), each read from the fact's index on (athlete_id, started_at): the
-- month an activity is in now and the one it was in before (fact_activity keeps the previous start and position);
-- each month's totals are subqueries, so the planner cannot hash the whole fact to join a few months.
-- An athlete with a deleted activity, or with an activity changed more than once since (its earlier month is not
-- kept), has all of their months aggregated again. The other months of each athlete concerned (and of an athlete
-- with a new profile version) come from this table, so the windows and attributes are recomputed over months, not
-- activities. A month left without activity is written with total_activities = 0 and removed by the post-hook.
with
watermark as (
    select coalesce(max(source_lsn), cast('0/0' as pg_lsn)) as source_lsn
    from "dwh"."fact_monthly_activities_snapshot"
),

changed as (
    select athlete_id, started_at, previous_started_at, previous_source_lsn
    from "dwh"."fact_activity"
    where source_lsn > (select source_lsn from watermark)
        and source_lsn <= (select max(source_lsn) from "dwh"."fact_activity")
),

whole_athletes as (
    select cast(deleted.athlete_id as bigint) as athlete_id
    from "strava"."activities" as deleted
    where deleted._deleted and deleted._lsn > (select source_lsn from watermark)
        and deleted._lsn <= (select max(_lsn) from "strava"."activities")

    union

    select athlete_id
    from changed
    where previous_source_lsn > (select source_lsn from watermark)
),

touched_months as (
    select athlete_id, cast(date_trunc('month', started_at) as date) as month_start_date
    from changed
    where athlete_id not in (select athlete_id from whole_athletes where athlete_id is not null)

    union

    select athlete_id, cast(date_trunc('month', previous_started_at) as date) as month_start_date
    from changed
    where previous_started_at is not null
        and athlete_id not in (select athlete_id from whole_athletes where athlete_id is not null)
),

athletes as (
    select athlete_id from whole_athletes
    union
    select athlete_id from touched_months
    union
    select athlete_id from "dwh"."dim_athlete" where changed_lsn > (select source_lsn from watermark)
),

aggregated as (
    select
        fact.athlete_id,
        cast(date_trunc('month', fact.started_at) as date) as month_start_date,
        count(*) as total_activities,
        sum(fact.distance_m) as total_distance_m,
        sum(fact.elevation_gain_m) as total_elevation_gain_m
    from "dwh"."fact_activity" as fact
    where fact.athlete_id in (select athlete_id from whole_athletes)
    group by fact.athlete_id, cast(date_trunc('month', fact.started_at) as date)

    union all

    select *
    from (
        select
            touched_months.athlete_id,
            touched_months.month_start_date,
            (
                select count(*)
                from "dwh"."fact_activity" as fact
                where fact.athlete_id = touched_months.athlete_id
                    and fact.started_at >= touched_months.month_start_date
                    and fact.started_at < (touched_months.month_start_date + ((interval '1 month') * (1)))
            ) as total_activities,
            (
                select sum(fact.distance_m)
                from "dwh"."fact_activity" as fact
                where fact.athlete_id = touched_months.athlete_id
                    and fact.started_at >= touched_months.month_start_date
                    and fact.started_at < (touched_months.month_start_date + ((interval '1 month') * (1)))
            ) as total_distance_m,
            (
                select sum(fact.elevation_gain_m)
                from "dwh"."fact_activity" as fact
                where fact.athlete_id = touched_months.athlete_id
                    and fact.started_at >= touched_months.month_start_date
                    and fact.started_at < (touched_months.month_start_date + ((interval '1 month') * (1)))
            ) as total_elevation_gain_m
        from touched_months
    ) as month_totals
    where total_activities > 0
),

monthly as (
    select athlete_id, month_start_date, total_activities, total_distance_m, total_elevation_gain_m
    from aggregated

    union all

    select kept.athlete_id, kept.month_start_date, kept.total_activities, kept.total_distance_m, kept.total_elevation_gain_m
    from "dwh"."fact_monthly_activities_snapshot" as kept
    where kept.athlete_id in (select athlete_id from athletes)
        and kept.athlete_id not in (select athlete_id from whole_athletes where athlete_id is not null)
        and not exists (
            select 1 from touched_months
            where touched_months.athlete_id = kept.athlete_id and touched_months.month_start_date = kept.month_start_date
        )
),

-- Months this table holds that no longer have an activity: written empty, then deleted by the post-hook.
emptied as (
    select kept.athlete_id, kept.month_start_date
    from "dwh"."fact_monthly_activities_snapshot" as kept
    where kept.athlete_id in (select athlete_id from athletes)
        and not exists (
            select 1 from monthly
            where monthly.athlete_id = kept.athlete_id and monthly.month_start_date = kept.month_start_date
        )
),

ranked as (
    select
        *,
        sum(total_distance_m) over (
            partition by athlete_id order by month_start_date rows between unbounded preceding and current row
        ) as running_total_distance_m,
        rank() over (partition by athlete_id order by total_distance_m desc) as distance_rank,
        avg(total_distance_m) over (
            partition by athlete_id order by month_start_date rows between 2 preceding and current row
        ) as moving_avg_3m_distance_m
    from monthly
),

-- How far this build has read the fact: its highest commit position.
built_through as (
    select coalesce(max(fact.source_lsn), cast('0/0' as pg_lsn)) as source_lsn
    from "dwh"."fact_activity" as fact
)

select
    md5(cast(coalesce(cast(ranked.athlete_id as text), '_engine_null_') || '-' || coalesce(cast(ranked.month_start_date as text), '_engine_null_') as text)) as monthly_key,
    ranked.athlete_id,
    versions.athlete_key,
    ranked.month_start_date,
    cast(((ranked.month_start_date + ((interval '1 month') * (1))) + ((interval '1 day') * (-1))) as date) as month_end_date,
    versions.first_name,
    versions.last_name,
    versions.full_name,
    versions.city,
    versions.state,
    versions.country,
    versions.sex,
    versions.weight_kg,
    ranked.total_activities,
    ranked.total_distance_m,
    ranked.total_elevation_gain_m,
    ranked.running_total_distance_m,
    cast(ranked.distance_rank as integer) as distance_rank,
    ranked.moving_avg_3m_distance_m,
    (select source_lsn from built_through) as source_lsn
from ranked
left join "dwh"."dim_athlete" as versions
    on versions.athlete_id = ranked.athlete_id
    and versions.valid_from < (ranked.month_start_date + ((interval '1 month') * (1)))
    and (versions.valid_to is null or versions.valid_to >= (ranked.month_start_date + ((interval '1 month') * (1))))

union all

select
    md5(cast(coalesce(cast(emptied.athlete_id as text), '_engine_null_') || '-' || coalesce(cast(emptied.month_start_date as text), '_engine_null_') as text)) as monthly_key,
    emptied.athlete_id,
    null as athlete_key,
    emptied.month_start_date,
    null as month_end_date,
    null as first_name,
    null as last_name,
    null as full_name,
    null as city,
    null as state,
    null as country,
    null as sex,
    null as weight_kg,
    0 as total_activities,
    null as total_distance_m,
    null as total_elevation_gain_m,
    null as running_total_distance_m,
    null as distance_rank,
    null as moving_avg_3m_distance_m,
    (select source_lsn from built_through) as source_lsn
from emptied


-- post_hook
delete from "dwh"."fact_monthly_activities_snapshot" where total_activities = 0
