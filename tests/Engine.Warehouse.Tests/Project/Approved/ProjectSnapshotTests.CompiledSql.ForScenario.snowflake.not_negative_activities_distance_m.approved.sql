select distance_m
from ANALYTICS.raw.activities
where distance_m < 0
