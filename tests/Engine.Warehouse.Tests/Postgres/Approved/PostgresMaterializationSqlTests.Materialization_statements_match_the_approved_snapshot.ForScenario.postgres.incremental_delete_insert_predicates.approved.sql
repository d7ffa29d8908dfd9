delete from "dwh"."dim_customer" as DBT_INTERNAL_DEST
where "id" in (select "id" from "dim_customer__engine_incr")
  and (DBT_INTERNAL_DEST.updated_at > current_date - 7);

delete from "dwh"."dim_customer" as DBT_INTERNAL_DEST
where ("id", "name") in (select distinct "id", "name" from "dim_customer__engine_incr")
  and (DBT_INTERNAL_DEST.updated_at > current_date - 7)
  and (DBT_INTERNAL_DEST.name <> 'unknown');
