
select order_id, customer_id, ordered_at, amount, status, updated_at
from "staging"."stg_orders"


