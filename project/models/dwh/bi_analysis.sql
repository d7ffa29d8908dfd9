{{ config { materialized: 'view' } }}
-- One row per activity with its dimensions, for the dashboards. The athlete is the version the activity belongs
-- to (the original joined on athlete_id and repeated each activity once per profile version).
select
    fact.*,
    locations.city as activity_city,
    locations.state as activity_state,
    locations.country as activity_country,
    athletes.full_name as athlete_full_name,
    athletes.city as athlete_city,
    athletes.state as athlete_state,
    athletes.country as athlete_country,
    athletes.sex as athlete_sex,
    athletes.weight_kg as athlete_weight_kg,
    athletes.has_premium_subscription as athlete_has_premium_subscription,
    dates.year,
    dates.month,
    dates.month_name,
    dates.day_of_week,
    dates.is_weekend
from {{ ref('fact_activity') }} as fact
left join {{ ref('dim_athlete') }} as athletes on athletes.athlete_key = fact.athlete_key
left join {{ ref('dim_location') }} as locations on locations.location_key = fact.location_key
left join {{ ref('dim_date') }} as dates on dates.date_key = fact.date_key
