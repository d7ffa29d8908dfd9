merge into ANALYTICS.dwh.dim_customer as dest
using dim_customer__engine_incr as src
on (dest.id = src.id and dest.name = src.name)
when matched then update set updated_at = src.updated_at
when not matched then insert (id, name, updated_at)
values (src.id, src.name, src.updated_at);
