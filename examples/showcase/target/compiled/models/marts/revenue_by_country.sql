
select c.country, sum(o.amount) as revenue, count(*) as orders
from "marts"."fct_orders" o
join "marts"."dim_customers" c on c.customer_id = o.customer_id
group by c.country
