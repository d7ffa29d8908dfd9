-- No two versions of an athlete are valid at the same instant (intervals are [valid_from, valid_to)).
select earlier.athlete_id, earlier.version, later.version as overlapping_version
from {{ ref('dim_athlete') }} as earlier
join {{ ref('dim_athlete') }} as later
    on later.athlete_id = earlier.athlete_id
    and later.version > earlier.version
    and later.valid_from < coalesce(earlier.valid_to, cast('9999-12-31' as timestamp with time zone))
    and earlier.valid_from < coalesce(later.valid_to, cast('9999-12-31' as timestamp with time zone))
