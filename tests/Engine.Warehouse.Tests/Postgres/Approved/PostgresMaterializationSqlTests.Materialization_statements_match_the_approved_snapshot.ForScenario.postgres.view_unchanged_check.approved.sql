create view "dwh"."dim_customer__engine_tmp" as (
select id, name, updated_at
from "raw"."customers"
);

select case when pg_get_viewdef(views.staged) = pg_get_viewdef(views.target)
  and (select array_agg(attname::text || ' ' || format_type(atttypid, atttypmod) order by attnum) from pg_attribute where attrelid = views.staged and attnum > 0 and not attisdropped)
    = (select array_agg(attname::text || ' ' || format_type(atttypid, atttypmod) order by attnum) from pg_attribute where attrelid = views.target and attnum > 0 and not attisdropped)
  then 1 else 0 end
from (select '"dwh"."dim_customer__engine_tmp"'::regclass as staged, '"dwh"."dim_customer"'::regclass as target) as views;
