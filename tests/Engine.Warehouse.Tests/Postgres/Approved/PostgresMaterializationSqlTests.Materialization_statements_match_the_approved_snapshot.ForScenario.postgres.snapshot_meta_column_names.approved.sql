create table "dwh"."dim_customer__engine_tmp" as
select
  sbq.*,
  md5(coalesce(cast(sbq."id" as text), '') || '|' || coalesce(cast(sbq."updated_at" as text), '')) as "row_id",
  sbq."updated_at" as "start_date",
  nullif(sbq."updated_at", sbq."updated_at") as "end_date",
  true as "is_current",
  false as "was_deleted"
from (
select id, name, updated_at
from "raw"."customers"
) sbq;

update "dwh"."dim_customer" as snap
set "end_date" = src."__engine_updated_at", "is_current" = false
from "__engine_snapshot_staging" as src
where snap."id" = src."id"
  and snap."is_current"
  and (
    snap."start_date" < src."__engine_updated_at"
    or snap."was_deleted"
  );

with ended as (
update "dwh"."dim_customer" as snap
set "end_date" = cast('2026-01-15 06:30:00.000000' as timestamp), "is_current" = false
where snap."is_current" and not snap."was_deleted"
  and not exists (select 1 from "__engine_snapshot_staging" as src where snap."id" = src."id")
returning snap.*
)
insert into "dwh"."dim_customer" ("id", "name", "updated_at", "row_id", "start_date", "end_date", "is_current", "was_deleted")
select ended."id", ended."name", ended."updated_at", md5(coalesce(cast(ended."id" as text), '') || '|' || coalesce(cast(cast('2026-01-15 06:30:00.000000' as timestamp) as text), '')), cast('2026-01-15 06:30:00.000000' as timestamp), null, true, true
from ended;

insert into "dwh"."dim_customer" ("id", "name", "updated_at", "row_id", "start_date", "end_date", "is_current", "was_deleted")
select src."id", src."name", src."updated_at", src."__engine_scd_id", src."__engine_updated_at", null, true, false
from "__engine_snapshot_staging" as src
where not exists (
  select 1 from "dwh"."dim_customer" as snap
  where snap."id" = src."id" and snap."is_current"
);
