create or replace transient table ANALYTICS.dwh.dim_customer__engine_tmp (
  id number(38,0),
  name varchar,
  signed_up_on date
);

alter table ANALYTICS.dwh.dim_customer swap with ANALYTICS.dwh.dim_customer__engine_tmp;
