-- fact_activity holds exactly the activities CDC has not marked deleted: none missing, none extra.
select coalesce(staged.id, fact.activity_id) as activity_id,
    case when fact.activity_id is null then 'missing from fact_activity' else 'deleted or unknown at the source' end as problem
from (select id from strava.activities where not coalesce(_deleted, false)) as staged
full join ANALYTICS.dwh.fact_activity as fact on fact.activity_id = staged.id
where staged.id is null or fact.activity_id is null
