delete from ANALYTICS.dwh.dim_customer as DBT_INTERNAL_DEST
where DBT_INTERNAL_DEST.id in (select id from dim_customer__engine_incr);

delete from ANALYTICS.dwh.dim_customer as DBT_INTERNAL_DEST
using dim_customer__engine_incr as DBT_INTERNAL_SOURCE
where DBT_INTERNAL_DEST.id = DBT_INTERNAL_SOURCE.id and DBT_INTERNAL_DEST.name = DBT_INTERNAL_SOURCE.name;

insert into ANALYTICS.dwh.dim_customer (id, name, updated_at)
select id, name, updated_at from dim_customer__engine_incr;
