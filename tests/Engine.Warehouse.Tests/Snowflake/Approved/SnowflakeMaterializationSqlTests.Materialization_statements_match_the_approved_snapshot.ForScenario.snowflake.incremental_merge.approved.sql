create or replace transient table /* engine scratch */ dim_customer__engine_incr as (
select id, name, updated_at
from raw.customers
);

merge into ANALYTICS.dwh.dim_customer as dest
using dim_customer__engine_incr as src
on (dest.id = src.id)
when matched then update set name = src.name, updated_at = src.updated_at
when not matched then insert (id, name, updated_at)
values (src.id, src.name, src.updated_at);
