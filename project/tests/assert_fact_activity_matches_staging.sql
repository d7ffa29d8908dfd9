-- fact_activity holds exactly the activities CDC has not marked deleted, each at its latest version: none missing, none
-- extra, none stale. Row by row for every activity CDC changed since the fact's previous build (above the highest
-- commit position among the rows this run did not write, so a first build checks every activity); the rows below it
-- were checked when they were written. A count of each side checks the whole table.
with checked_since as (
    select {{ high_water_mark 'fact.source_lsn' }} as source_lsn
    from {{ ref('fact_activity') }} as fact
    where fact.loaded_at < cast('{{ run_started_at }}' as timestamp with time zone)
),

changed as (
    select staged.id, coalesce(staged._deleted, false) as is_deleted, staged._lsn
    from {{ source('strava', 'activities') }} as staged
    where staged._lsn > (select source_lsn from checked_since)
),

counts as (
    select
        (select count(*) from {{ source('strava', 'activities') }} where not coalesce(_deleted, false)) as staged_rows,
        (select count(*) from {{ ref('fact_activity') }}) as fact_rows
)

select
    changed.id as activity_id,
    case
        when changed.is_deleted then 'deleted at the source'
        when fact.activity_id is null then 'missing from fact_activity'
        else 'an older version in fact_activity'
    end as problem
from changed
left join {{ ref('fact_activity') }} as fact on fact.activity_id = changed.id
where case when changed.is_deleted then fact.activity_id is not null else fact.source_lsn is distinct from changed._lsn end

union all

select
    null as activity_id,
    concat('fact_activity has ', cast(fact_rows as varchar(20)), ' rows, the source ', cast(staged_rows as varchar(20)), ' activities') as problem
from counts
where staged_rows <> fact_rows
