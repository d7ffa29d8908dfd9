with a as (
    select
      1 as id_dbtutils_test_fewer_rows_than,
      count(*) as count_our_model
    from "dwh"."dim_athlete"
    group by id_dbtutils_test_fewer_rows_than
),
b as (
    select
      1 as id_dbtutils_test_fewer_rows_than,
      count(*) as count_comparison_model
    from "dwh"."fact_activity"
    group by id_dbtutils_test_fewer_rows_than
),
final as (
    select
        a.id_dbtutils_test_fewer_rows_than as id_dbtutils_test_fewer_rows_than_a,
        b.id_dbtutils_test_fewer_rows_than as id_dbtutils_test_fewer_rows_than_b,
        count_our_model,
        count_comparison_model,
        case
            when count_our_model > count_comparison_model then (count_our_model - count_comparison_model)
            when count_our_model = count_comparison_model then 1
            else 0
        end as row_count_delta
    from a
    full join b
    on a.id_dbtutils_test_fewer_rows_than = b.id_dbtutils_test_fewer_rows_than
)
select * from final
where row_count_delta > 0

-- grouped
with a as (
    select
      athlete_id, 1 as id_dbtutils_test_fewer_rows_than,
      count(*) as count_our_model
    from "dwh"."dim_athlete"
    group by id_dbtutils_test_fewer_rows_than, athlete_id
),
b as (
    select
      athlete_id, 1 as id_dbtutils_test_fewer_rows_than,
      count(*) as count_comparison_model
    from "dwh"."fact_activity"
    group by id_dbtutils_test_fewer_rows_than, athlete_id
),
final as (
    select
        a.id_dbtutils_test_fewer_rows_than as id_dbtutils_test_fewer_rows_than_a,
        b.id_dbtutils_test_fewer_rows_than as id_dbtutils_test_fewer_rows_than_b,
        a.athlete_id as athlete_id_a,
        b.athlete_id as athlete_id_b,
        count_our_model,
        count_comparison_model,
        case
            when count_our_model > count_comparison_model then (count_our_model - count_comparison_model)
            when count_our_model = count_comparison_model then 1
            else 0
        end as row_count_delta
    from a
    full join b
    on a.id_dbtutils_test_fewer_rows_than = b.id_dbtutils_test_fewer_rows_than
    and a.athlete_id = b.athlete_id
)
select * from final
where row_count_delta > 0
