-- One row per activity with a GPS track: the route as Strava's summary_polyline (Google's encoded polyline format,
-- precision 1e5), for the routes map. Activities without a track (indoor, manual) are left out.
select
    fact.activity_id,
    fact.athlete_id,
    fact.activity_type,
    fact.started_at,
    fact.distance_m,
    activities.summary_polyline
from "dwh"."fact_activity" as fact
join "raw"."activities" as activities
    on activities.activity_id = fact.activity_id
where activities.summary_polyline is not null
    and activities.summary_polyline <> ''
