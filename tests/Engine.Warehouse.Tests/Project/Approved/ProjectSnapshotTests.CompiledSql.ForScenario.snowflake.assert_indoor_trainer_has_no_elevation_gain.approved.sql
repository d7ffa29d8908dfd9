-- Indoor trainer sessions cannot climb: any elevation gain on one is a data error.
select activity_id, elevation_gain_m
from ANALYTICS.raw.activities
where is_indoor_trainer and elevation_gain_m > 0
