create or replace table ANALYTICS.dwh.dim_customer__engine_tmp as
select
  sbq.*,
  md5(coalesce(cast(sbq.id as varchar), '') || '|' || coalesce(cast(sbq.updated_at as varchar), '')) as scd_id,
  sbq.updated_at as valid_from,
  nullif(sbq.updated_at, sbq.updated_at) as valid_to,
  true as is_current
from (
select id, name, updated_at
from raw.customers
) sbq;
