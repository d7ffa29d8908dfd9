begin;

refresh materialized view "dwh"."dim_customer";

commit;
