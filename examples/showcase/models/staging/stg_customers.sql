{{ config { materialized: 'ephemeral' } }}
select customer_id, name, country, tier from {{ ref('customers') }}
