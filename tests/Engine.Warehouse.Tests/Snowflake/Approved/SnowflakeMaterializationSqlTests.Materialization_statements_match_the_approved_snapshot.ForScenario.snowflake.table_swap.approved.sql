create schema if not exists dwh;

create or replace transient table ANALYTICS.dwh.dim_customer__engine_tmp as (
select id, name, updated_at
from raw.customers
);

alter table ANALYTICS.dwh.dim_customer swap with ANALYTICS.dwh.dim_customer__engine_tmp;

drop table if exists ANALYTICS.dwh.dim_customer__engine_tmp cascade;
