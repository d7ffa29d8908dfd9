create or replace transient table ANALYTICS.dwh.dim_customer__engine_tmp as (
select id, name, updated_at
from raw.customers
);

alter table ANALYTICS.dwh.dim_customer__engine_tmp rename to ANALYTICS.dwh.dim_customer;
