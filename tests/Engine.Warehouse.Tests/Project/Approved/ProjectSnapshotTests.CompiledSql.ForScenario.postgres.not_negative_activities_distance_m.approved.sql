select distance_m
from "raw"."activities"
where distance_m < 0
