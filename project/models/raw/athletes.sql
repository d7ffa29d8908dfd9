{{ config { materialized: 'view', tags: ['strava'] } }}
-- Typed, renamed athlete profiles; location and name fields lowercased as the original models did.
select
    {{ athlete_columns }},
    _extracted_at as extracted_at
from {{ source('strava', 'athletes') }}
where not coalesce(_deleted, false)
