delete from "dwh"."dim_customer" as DBT_INTERNAL_DEST
where "id" in (select "id" from "dim_customer__engine_incr");

delete from "dwh"."dim_customer" as DBT_INTERNAL_DEST
where ("id", "name") in (select distinct "id", "name" from "dim_customer__engine_incr");

insert into "dwh"."dim_customer" ("id", "name", "updated_at")
select "id", "name", "updated_at" from "dim_customer__engine_incr";
