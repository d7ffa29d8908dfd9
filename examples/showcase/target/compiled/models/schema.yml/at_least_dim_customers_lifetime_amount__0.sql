select lifetime_amount
from "marts"."dim_customers"
where lifetime_amount < 0
