alter table "dwh"."dim_customer" add column "email" text;

alter table "dwh"."dim_customer" drop column "legacy_code";

alter table "dwh"."dim_customer" alter column "id" type bigint using "id"::bigint;
