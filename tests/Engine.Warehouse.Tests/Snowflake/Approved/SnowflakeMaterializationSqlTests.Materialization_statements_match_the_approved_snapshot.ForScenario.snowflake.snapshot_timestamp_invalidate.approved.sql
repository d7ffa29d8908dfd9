create or replace transient table /* engine scratch */ "__engine_snapshot_staging" as
select
  sbq.*,
  sbq.updated_at as "__engine_updated_at",
  md5(coalesce(cast(sbq.id as varchar), '') || '|' || coalesce(cast(sbq.updated_at as varchar), '')) as "__engine_scd_id"
from (
select id, name, updated_at
from raw.customers
) sbq;

update ANALYTICS.dwh.dim_customer as snap
set valid_to = src."__engine_updated_at", is_current = false
from "__engine_snapshot_staging" as src
where snap.id = src.id
  and snap.is_current
  and (
    snap.valid_from < src."__engine_updated_at"
  );

update ANALYTICS.dwh.dim_customer as snap
set valid_to = cast('2026-01-15 06:30:00.000000' as timestamp_ntz), is_current = false
where snap.is_current
  and not exists (select 1 from "__engine_snapshot_staging" as src where snap.id = src.id);

insert into ANALYTICS.dwh.dim_customer (id, name, updated_at, scd_id, valid_from, valid_to, is_current)
select src.id, src.name, src.updated_at, src."__engine_scd_id", src."__engine_updated_at", null, true
from "__engine_snapshot_staging" as src
where not exists (
  select 1 from ANALYTICS.dwh.dim_customer as snap
  where snap.id = src.id and snap.is_current
);
