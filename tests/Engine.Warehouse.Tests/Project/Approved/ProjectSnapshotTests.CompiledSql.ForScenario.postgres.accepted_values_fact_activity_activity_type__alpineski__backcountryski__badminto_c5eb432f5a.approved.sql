with all_values as (
    select activity_type as value_field, count(*) as n_records
    from "dwh"."fact_activity"
    group by activity_type
)
select *
from all_values
where value_field not in ('alpineski', 'backcountryski', 'badminton', 'basketball', 'canoeing', 'cricket', 'crossfit', 'dance', 'ebikeride', 'elliptical', 'emountainbikeride', 'golf', 'gravelride', 'handcycle', 'highintensityintervaltraining', 'hike', 'iceskate', 'inlineskate', 'kayaking', 'kitesurf', 'mountainbikeride', 'nordicski', 'padel', 'physicaltherapy', 'pickleball', 'pilates', 'racquetball', 'ride', 'rockclimbing', 'rollerski', 'rowing', 'run', 'sail', 'skateboard', 'snowboard', 'snowshoe', 'soccer', 'squash', 'stairstepper', 'standuppaddling', 'surfing', 'swim', 'tabletennis', 'tennis', 'trailrun', 'velomobile', 'virtualride', 'virtualrow', 'virtualrun', 'volleyball', 'walk', 'weighttraining', 'wheelchair', 'windsurf', 'workout', 'yoga') or value_field is null
