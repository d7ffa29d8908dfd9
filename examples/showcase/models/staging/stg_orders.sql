select
  order_id,
  customer_id,
  ordered_at,
  amount,
  lower(status) as status,
  updated_at
from {{ ref('orders') }}
