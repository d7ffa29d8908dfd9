select date_day
from (
    select dateadd(day, row_number() over (order by seq4()) - 1, cast('2010-01-01' as date)) as date_day
    from table(generator(rowcount => 100000))
) as spine
where date_day < cast('2011-01-01' as date)
