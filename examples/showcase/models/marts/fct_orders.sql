{{ config { materialized: 'incremental', unique_key: 'order_id', incremental_strategy: 'merge', on_schema_change: 'append_new_columns' } }}
select order_id, customer_id, ordered_at, amount, status, updated_at
from {{ ref('stg_orders') }}
{{ if var('slow_seconds') > 0 }}cross join (select pg_sleep({{ var('slow_seconds') }})) as slow{{ end }}
{{ if is_incremental() }}
where updated_at > (select coalesce(max(updated_at), '1900-01-01') from {{ this }})
{{ end }}
