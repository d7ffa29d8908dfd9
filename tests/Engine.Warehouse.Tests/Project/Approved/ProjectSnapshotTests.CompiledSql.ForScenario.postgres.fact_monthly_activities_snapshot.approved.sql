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
monthly as (
    select
        athlete_id,
        cast(date_trunc('month', started_at) as date) as month_start_date,
        count(*) as total_activities,
        sum(distance_m) as total_distance_m,
        sum(elevation_gain_m) as total_elevation_gain_m
    from "dwh"."fact_activity"
    group by athlete_id, cast(date_trunc('month', started_at) as date)
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
