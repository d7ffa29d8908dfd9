alter table ANALYTICS.dwh.dim_customer add column email VARCHAR;

alter table ANALYTICS.dwh.dim_customer drop column legacy_code;

alter table ANALYTICS.dwh.dim_customer alter column id set data type NUMBER(38,0);
