{{ config { materialized: 'view', tags: ['strava'] } }}
-- Every state an athlete's profile has had since the first sync, in the order CDC saw them: the change log's inserts,
-- updates and snapshot rows, typed like raw.athletes. Deletes and truncates carry no profile.
select
    {{ athlete_columns }},
    _extracted_at as changed_at,
    _lsn as lsn,
    _seq as seq
from {{ source('strava_changes', 'athletes_changes') }}
where _operation in ('insert', 'update', 'snapshot')
