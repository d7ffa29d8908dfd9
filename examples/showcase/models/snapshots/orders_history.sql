{{ config { strategy: 'timestamp', unique_key: 'order_id', updated_at: 'updated_at', hard_deletes: 'invalidate' } }}
select order_id, status, amount, updated_at from {{ ref('stg_orders') }}
