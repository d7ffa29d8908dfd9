begin;

create index if not exists "dim_customer__engine_key" on "dwh"."dim_customer" ("id");

create temporary table "dim_customer__engine_incr" on commit drop as (
select id, name, updated_at
from "raw"."customers"
);

merge into "dwh"."dim_customer" as DBT_INTERNAL_DEST
using "dim_customer__engine_incr" as DBT_INTERNAL_SOURCE
on (DBT_INTERNAL_DEST."id" = DBT_INTERNAL_SOURCE."id")
when matched then update set "name" = DBT_INTERNAL_SOURCE."name", "updated_at" = DBT_INTERNAL_SOURCE."updated_at"
when not matched then insert ("id", "name", "updated_at")
values (DBT_INTERNAL_SOURCE."id", DBT_INTERNAL_SOURCE."name", DBT_INTERNAL_SOURCE."updated_at");

commit;
