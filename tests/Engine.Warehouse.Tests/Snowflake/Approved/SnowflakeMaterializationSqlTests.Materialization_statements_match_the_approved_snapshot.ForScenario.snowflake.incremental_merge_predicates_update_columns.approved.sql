merge into ANALYTICS.dwh.dim_customer as DBT_INTERNAL_DEST
using dim_customer__engine_incr as DBT_INTERNAL_SOURCE
on ((DBT_INTERNAL_DEST.updated_at > current_date - 7)
    and (DBT_INTERNAL_SOURCE.name is not null)
    and DBT_INTERNAL_DEST.id = DBT_INTERNAL_SOURCE.id)
when matched then update set updated_at = DBT_INTERNAL_SOURCE.updated_at
when not matched then insert (id, name, updated_at)
values (DBT_INTERNAL_SOURCE.id, DBT_INTERNAL_SOURCE.name, DBT_INTERNAL_SOURCE.updated_at);

merge into ANALYTICS.dwh.dim_customer as DBT_INTERNAL_DEST
using dim_customer__engine_incr as DBT_INTERNAL_SOURCE
on (DBT_INTERNAL_DEST.id = DBT_INTERNAL_SOURCE.id)
when matched then update set updated_at = DBT_INTERNAL_SOURCE.updated_at
when not matched then insert (id, name, updated_at)
values (DBT_INTERNAL_SOURCE.id, DBT_INTERNAL_SOURCE.name, DBT_INTERNAL_SOURCE.updated_at);
