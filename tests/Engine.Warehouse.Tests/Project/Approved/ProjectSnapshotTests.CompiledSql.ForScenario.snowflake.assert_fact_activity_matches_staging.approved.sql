-- fact_activity holds exactly the activities CDC has not marked deleted, each at its latest version: none missing, none
-- extra, none stale. Checked for every activity CDC changed since the fact's previous build: those above the highest
-- commit position among the rows this run did not write. The rows below it were checked by the build that wrote them,
-- and a first build or --full-refresh, which writes every row, checks every activity. (A count of the source's rows
-- would read every activity's JSON: the cost of the whole history on every run.)
with checked_since as (
    select coalesce(max(fact.source_lsn), 0) as source_lsn
    from ANALYTICS.dwh.fact_activity as fact
    where fact.loaded_at < cast('2026-01-15 06:30:00.000000+00:00' as timestamp with time zone)
),

-- Each changed activity looks its fact row up by key: the planner cannot see how few rows are above the mark (it
-- guesses a third of the table) and would otherwise hash the whole fact.
changed as (
    select
        staged.id,
        coalesce(staged._deleted, false) as is_deleted,
        staged._lsn,
        (select fact.source_lsn from ANALYTICS.dwh.fact_activity as fact where fact.activity_id = staged.id) as fact_lsn
    from strava.activities as staged
    where staged._lsn > (select source_lsn from checked_since)
)

select
    id as activity_id,
    case
        when is_deleted then 'deleted at the source'
        when fact_lsn is null then 'missing from fact_activity'
        else 'an older version in fact_activity'
    end as problem
from changed
where case when is_deleted then fact_lsn is not null else fact_lsn is null or fact_lsn <> _lsn end
