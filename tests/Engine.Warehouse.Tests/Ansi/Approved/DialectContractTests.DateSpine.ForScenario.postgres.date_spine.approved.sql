select date_day::date as date_day
from generate_series(cast('2010-01-01' as timestamp), cast('2011-01-01' as timestamp) - interval '1 day', interval '1 day') as spine(date_day)
