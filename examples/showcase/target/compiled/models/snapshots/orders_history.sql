
select order_id, status, amount, updated_at from "staging"."stg_orders"
