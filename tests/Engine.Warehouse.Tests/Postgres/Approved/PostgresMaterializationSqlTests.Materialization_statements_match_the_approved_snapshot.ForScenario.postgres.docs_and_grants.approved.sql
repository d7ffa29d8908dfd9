comment on table "dwh"."dim_customer" is 'Customers, one row per customer''s current version.';

comment on column "dwh"."dim_customer"."name" is 'The name the customer gave; ''unknown'' when none.';

grant select on table "dwh"."dim_customer" to "reporter";

grant select on table "dwh"."customer_view" to "reporter";
