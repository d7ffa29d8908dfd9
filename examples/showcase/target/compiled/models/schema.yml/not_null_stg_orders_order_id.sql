select order_id
from "staging"."stg_orders"
where order_id is null
