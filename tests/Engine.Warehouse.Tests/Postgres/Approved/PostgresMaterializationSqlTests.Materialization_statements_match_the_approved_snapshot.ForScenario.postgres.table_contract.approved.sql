create table "dwh"."dim_customer__engine_tmp" (
  "id" bigint not null,
  "name" text not null,
  "customer_id" bigint,
  constraint "dim_customer_pk" primary key ("id"),
  unique ("name"),
  check (id > 0),
  foreign key ("customer_id") references "dwh"."dim_account" ("account_id")
);

insert into "dwh"."dim_customer__engine_tmp" ("id", "name", "customer_id")
select "id", "name", "customer_id" from (
select id, name, updated_at
from "raw"."customers"
) as "__engine_contract";
