select amount
from "marts"."fct_orders"
where amount is null
