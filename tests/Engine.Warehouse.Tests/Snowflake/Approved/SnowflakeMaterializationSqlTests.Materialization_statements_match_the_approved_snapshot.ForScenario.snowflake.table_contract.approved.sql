create or replace transient table ANALYTICS.dwh.dim_customer__engine_tmp (
  id bigint not null,
  name text not null,
  customer_id bigint
);

insert into ANALYTICS.dwh.dim_customer__engine_tmp (id, name, customer_id)
select id, name, customer_id from (
select id, name, updated_at
from raw.customers
) as "__engine_contract";
