
with "__engine_cte__stg_customers" as (
select customer_id, name, country, tier from "showcase"."customers"
)
select
  c.customer_id,
  c.name,
  c.country,
  c.tier,
  count(o.order_id) as orders,
  coalesce(sum(o.amount), 0) as lifetime_amount
from "__engine_cte__stg_customers" c
left join "staging"."stg_orders" o on o.customer_id = c.customer_id
group by 1, 2, 3, 4
