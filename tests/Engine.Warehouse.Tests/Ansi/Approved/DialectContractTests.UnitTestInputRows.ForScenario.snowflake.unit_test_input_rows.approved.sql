select cast('1' as bigint) as athlete_id, cast('O''Brien' as text) as city, cast(null as timestamp with time zone) as updated_at
union all
select cast('2' as bigint) as athlete_id, cast(null as text) as city, cast('2024-01-01 08:00:00+00' as timestamp with time zone) as updated_at
-- next: untyped; then no rows
select 1 as athlete_id, true as ok, 'Ghent' as city
-- next: untyped; then no rows
select cast(null as bigint) as athlete_id
where 1 = 0
