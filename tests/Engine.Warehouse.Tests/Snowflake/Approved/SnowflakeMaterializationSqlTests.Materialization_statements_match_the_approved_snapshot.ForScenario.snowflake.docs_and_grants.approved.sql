comment on table ANALYTICS.dwh.dim_customer is 'Customers, one row per customer''s current version.';

comment on column ANALYTICS.dwh.dim_customer.name is 'The name the customer gave; ''unknown'' when none.';

grant select on table ANALYTICS.dwh.dim_customer to role reporter;

grant select on view ANALYTICS.dwh.customer_view to role reporter;
