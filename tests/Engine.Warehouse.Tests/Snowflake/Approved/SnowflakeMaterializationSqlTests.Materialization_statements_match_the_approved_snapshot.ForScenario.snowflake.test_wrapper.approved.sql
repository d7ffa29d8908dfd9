select
  count(*) as failures,
  count(*) != 0 as should_warn,
  count(*) > 10 as should_error
from (
select id from dwh.dim_customer where id is null
limit 100
) dbt_internal_test;

select * from (
select id from dwh.dim_customer where id is null
) dbt_internal_sample
limit 5;
