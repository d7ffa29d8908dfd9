select attname::text || ' ' || atttypid::text || ' ' || format_type(atttypid, atttypmod) from pg_attribute
where attrelid = (select oid from pg_class where oid = to_regclass('"dwh"."dim_customer"') and relkind = 'v') and attnum > 0 and not attisdropped
order by attnum;

select * from (
select id, name, updated_at
from "raw"."customers"
) as "__engine_columns"
limit 0;
