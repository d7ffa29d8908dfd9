drop table if exists public_test_failures.not_null_dim_customer_id cascade;

create or replace transient table public_test_failures.not_null_dim_customer_id as (
select * from dwh.dim_customer where id is null
);
