-- Revenue per country must add up to the orders' total.
select 1 as mismatch
from (select sum(revenue) as revenue from "marts"."revenue_by_country") r,
     (select sum(amount) as amount from "marts"."fct_orders") o
where r.revenue <> o.amount
