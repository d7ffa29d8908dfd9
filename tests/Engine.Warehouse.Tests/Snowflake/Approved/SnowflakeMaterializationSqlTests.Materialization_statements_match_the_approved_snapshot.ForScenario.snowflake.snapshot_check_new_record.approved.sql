update ANALYTICS.dwh.dim_customer as snap
set valid_to = src."__engine_updated_at", is_current = false
from "__engine_snapshot_staging" as src
where snap.id = src.id
  and snap.is_current
  and (
    snap.name is distinct from src.name
    or snap.is_deleted
  );

insert into ANALYTICS.dwh.dim_customer (id, name, updated_at, scd_id, valid_from, valid_to, is_current, is_deleted)
select snap.id, snap.name, snap.updated_at, md5(coalesce(cast(snap.id as varchar), '') || '|' || coalesce(cast(cast('2026-01-15 06:30:00.000000' as timestamp_ntz) as varchar), '')), cast('2026-01-15 06:30:00.000000' as timestamp_ntz), null, true, true
from ANALYTICS.dwh.dim_customer as snap
where snap.is_current and not snap.is_deleted
  and not exists (select 1 from "__engine_snapshot_staging" as src where snap.id = src.id);

update ANALYTICS.dwh.dim_customer as snap
set valid_to = cast('2026-01-15 06:30:00.000000' as timestamp_ntz), is_current = false
where snap.is_current and not snap.is_deleted
  and not exists (select 1 from "__engine_snapshot_staging" as src where snap.id = src.id);

insert into ANALYTICS.dwh.dim_customer (id, name, updated_at, scd_id, valid_from, valid_to, is_current, is_deleted)
select src.id, src.name, src.updated_at, src."__engine_scd_id", src."__engine_updated_at", null, true, false
from "__engine_snapshot_staging" as src
where not exists (
  select 1 from ANALYTICS.dwh.dim_customer as snap
  where snap.id = src.id and snap.is_current
);
