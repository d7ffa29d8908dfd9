select dateadd(day, seq4(), cast('2010-01-01' as date)) as date_day
from table(generator(rowcount => 100000))
qualify date_day < cast('2011-01-01' as date)
