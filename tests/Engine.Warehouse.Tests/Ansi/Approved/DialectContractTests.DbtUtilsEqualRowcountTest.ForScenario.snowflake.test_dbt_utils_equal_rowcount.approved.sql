with a as (
    select
      1 as id_dbtutils_test_equal_rowcount,
      count(*) as count_a
    from "dwh"."fact_activity"
    group by id_dbtutils_test_equal_rowcount
),
b as (
    select
      1 as id_dbtutils_test_equal_rowcount,
      count(*) as count_b
    from "dwh"."bi_analysis"
    group by id_dbtutils_test_equal_rowcount
),
final as (
    select
        a.id_dbtutils_test_equal_rowcount as id_dbtutils_test_equal_rowcount_a,
        b.id_dbtutils_test_equal_rowcount as id_dbtutils_test_equal_rowcount_b,
        count_a,
        count_b,
        abs(count_a - count_b) as diff_count
    from a
    full join b
    on a.id_dbtutils_test_equal_rowcount = b.id_dbtutils_test_equal_rowcount
)
select * from final
where diff_count > 0

-- grouped
with a as (
    select
      athlete_key, 1 as id_dbtutils_test_equal_rowcount,
      count(*) as count_a
    from "dwh"."fact_activity"
    group by id_dbtutils_test_equal_rowcount, athlete_key
),
b as (
    select
      athlete_key, 1 as id_dbtutils_test_equal_rowcount,
      count(*) as count_b
    from "dwh"."bi_analysis"
    group by id_dbtutils_test_equal_rowcount, athlete_key
),
final as (
    select
        a.id_dbtutils_test_equal_rowcount as id_dbtutils_test_equal_rowcount_a,
        b.id_dbtutils_test_equal_rowcount as id_dbtutils_test_equal_rowcount_b,
        a.athlete_key as athlete_key_a,
        b.athlete_key as athlete_key_b,
        count_a,
        count_b,
        abs(count_a - count_b) as diff_count
    from a
    full join b
    on a.id_dbtutils_test_equal_rowcount = b.id_dbtutils_test_equal_rowcount
    and a.athlete_key = b.athlete_key
)
select * from final
where diff_count > 0
