create or replace view ANALYTICS.dwh.dim_customer as (
select id, name, updated_at
from raw.customers
);
