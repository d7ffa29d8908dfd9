create schema if not exists "dwh";

begin;

create table "dwh"."dim_customer__engine_tmp" as (
select id, name, updated_at
from "raw"."customers"
);

lock table "bi"."customer_view", "dwh"."dim_customer" in access exclusive mode;

alter table "dwh"."dim_customer" rename to "dim_customer__engine_backup";

alter table "dwh"."dim_customer__engine_tmp" rename to "dim_customer";

drop table if exists "dwh"."dim_customer__engine_backup" cascade;

savepoint "engine_dependent";

create view "bi"."customer_view" as
SELECT dim_customer.id
   FROM dwh.dim_customer;

commit;
