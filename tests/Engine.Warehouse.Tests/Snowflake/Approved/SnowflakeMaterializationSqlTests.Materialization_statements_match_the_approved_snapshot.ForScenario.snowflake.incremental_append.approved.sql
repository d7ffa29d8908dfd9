insert into ANALYTICS.dwh.dim_customer (id, name, updated_at)
select id, name, updated_at from dim_customer__engine_incr;
