with window_functions as (
    select
        athlete_id as partition_by_col,
        valid_from as lower_bound,
        coalesce(valid_to, cast('9999-12-31' as timestamp with time zone)) as upper_bound,
        lead(valid_from) over (
            partition by athlete_id order by valid_from, coalesce(valid_to, cast('9999-12-31' as timestamp with time zone))
        ) as next_lower_bound,
        row_number() over (
            partition by athlete_id order by valid_from desc, coalesce(valid_to, cast('9999-12-31' as timestamp with time zone)) desc
        ) = 1 as is_last_record
    from "dwh"."dim_athlete"
),
calc as (
    select
        *,
        coalesce(
            lower_bound <= upper_bound,
            false
        ) as lower_bound_less_than_or_equal_to_upper_bound,
        coalesce(
            upper_bound = next_lower_bound,
            is_last_record,
            false
        ) as upper_bound_equal_to_next_lower_bound
    from window_functions
),
validation_errors as (
    select
        *
    from calc
    where not(
        lower_bound_less_than_or_equal_to_upper_bound
        and upper_bound_equal_to_next_lower_bound
    )
)
select * from validation_errors
