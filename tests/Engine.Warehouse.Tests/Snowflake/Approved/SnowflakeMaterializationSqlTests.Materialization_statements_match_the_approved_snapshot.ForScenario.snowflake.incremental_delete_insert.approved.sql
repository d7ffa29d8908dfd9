delete from ANALYTICS.dwh.dim_customer
where id in (select id from dim_customer__engine_incr);

delete from ANALYTICS.dwh.dim_customer as dest
using dim_customer__engine_incr as src
where dest.id = src.id and dest.name = src.name;

insert into ANALYTICS.dwh.dim_customer (id, name, updated_at)
select id, name, updated_at from dim_customer__engine_incr;
