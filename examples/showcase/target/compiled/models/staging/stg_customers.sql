
select customer_id, name, country, tier from "showcase"."customers"
