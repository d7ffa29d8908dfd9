delete from ANALYTICS.dwh.dim_customer as DBT_INTERNAL_DEST
where DBT_INTERNAL_DEST.id in (select id from dim_customer__engine_incr)
  and (DBT_INTERNAL_DEST.updated_at > current_date - 7);

delete from ANALYTICS.dwh.dim_customer as DBT_INTERNAL_DEST
using dim_customer__engine_incr as DBT_INTERNAL_SOURCE
where DBT_INTERNAL_DEST.id = DBT_INTERNAL_SOURCE.id and DBT_INTERNAL_DEST.name = DBT_INTERNAL_SOURCE.name
  and (DBT_INTERNAL_DEST.updated_at > current_date - 7)
  and (DBT_INTERNAL_DEST.name <> 'unknown');
