select case when (select count(*) from "dwh"."dim_customer__engine_tmp") <> (select count(*) from "dwh"."dim_customer") then 0
  when exists (select * from "dwh"."dim_customer__engine_tmp" except all select * from "dwh"."dim_customer") then 0 else 1 end;

drop table if exists "dwh"."dim_customer__engine_tmp" cascade;
