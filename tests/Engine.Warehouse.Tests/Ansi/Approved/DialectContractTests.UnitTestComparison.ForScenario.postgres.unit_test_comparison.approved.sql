with actual as (
select athlete_id, count(*) as n from "__engine_unit__ref_a" group by athlete_id
),
expected as (
select "athlete_id", "n"
from actual
where 1 = 0
union all
select '1', '2'
union all
select '2', null
),
actual_rows as (
    select "athlete_id", "n", count(*) as engine_rows
    from actual
    group by "athlete_id", "n"
),
expected_rows as (
    select "athlete_id", "n", count(*) as engine_rows
    from expected
    group by "athlete_id", "n"
)
select '+' as diff, l."athlete_id", l."n", l.engine_rows - coalesce(r.engine_rows, 0) as times
from actual_rows l
left join expected_rows r
    on l."athlete_id" is not distinct from r."athlete_id"
    and l."n" is not distinct from r."n"
where l.engine_rows > coalesce(r.engine_rows, 0)
union all
select '-' as diff, l."athlete_id", l."n", l.engine_rows - coalesce(r.engine_rows, 0) as times
from expected_rows l
left join actual_rows r
    on l."athlete_id" is not distinct from r."athlete_id"
    and l."n" is not distinct from r."n"
where l.engine_rows > coalesce(r.engine_rows, 0)
