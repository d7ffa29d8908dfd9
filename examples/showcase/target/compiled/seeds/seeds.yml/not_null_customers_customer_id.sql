select customer_id
from "showcase"."customers"
where customer_id is null
