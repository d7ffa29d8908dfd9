{{ config { materialized: 'incremental', unique_key: 'id', tags: ['daily'] } }}
select o.*, {{ surrogate_key(['o.id', 'o.status']) }} as order_key, '{{ var('start_date', '2020-01-01') }}' as start_date
from {{ ref('customers') }} c
join {{ source('strava', 'activities') }} o on o.athlete_id = c.id
{{ if is_incremental() }} where o.id > (select max(id) from {{ this }}) {{ end }}
{{ for i in 1..3 }} -- {{ i }}
{{ end }}
