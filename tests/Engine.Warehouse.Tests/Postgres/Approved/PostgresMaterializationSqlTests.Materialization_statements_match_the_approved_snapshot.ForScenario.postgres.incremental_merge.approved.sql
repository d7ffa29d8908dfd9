begin;

create index if not exists "dim_customer__engine_key" on "dwh"."dim_customer" ("id");

create temporary table "dim_customer__engine_incr" on commit drop as (
select id, name, updated_at
from "raw"."customers"
);

merge into "dwh"."dim_customer" as dest
using "dim_customer__engine_incr" as src
on (dest."id" = src."id")
when matched then update set "name" = src."name", "updated_at" = src."updated_at"
when not matched then insert ("id", "name", "updated_at")
values (src."id", src."name", src."updated_at");

commit;
