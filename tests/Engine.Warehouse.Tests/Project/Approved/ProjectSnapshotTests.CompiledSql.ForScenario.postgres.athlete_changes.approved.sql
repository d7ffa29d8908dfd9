-- Every state an athlete's profile has had since the first sync, in the order CDC saw them: the change log's inserts,
-- updates and snapshot rows, typed like raw.athletes. Deletes and truncates carry no profile.
select
    cast(id as bigint) as athlete_id,
    nullif(lower(trim(firstname)), '') as first_name,
    nullif(lower(trim(lastname)), '') as last_name,
    nullif(concat_ws(' ', nullif(lower(trim(firstname)), ''), nullif(lower(trim(lastname)), '')), '') as full_name,
    nullif(lower(trim(city)), '') as city,
    nullif(lower(trim(state)), '') as state,
    nullif(lower(trim(country)), '') as country,
    nullif(upper(trim(sex)), '') as sex,
    cast(premium as boolean) as has_premium_subscription,
    cast(summit as boolean) as summit_subscription,
    cast(weight as double precision) as weight_kg,
    cast(created_at as timestamp with time zone) as created_at,
    cast(updated_at as timestamp with time zone) as updated_at,
    _extracted_at as changed_at,
    _lsn as lsn,
    _seq as seq
from "strava"."athletes_changes"
where _operation in ('insert', 'update', 'snapshot')
