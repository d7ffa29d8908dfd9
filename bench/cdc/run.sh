#!/usr/bin/env bash
# Benchmark of `engine sync` (CDC apply) against PostgreSQL's native logical replication, in the same run.
#
# Usage: bench/cdc/run.sh [CHANGES ...]      (default: 1000000; a round of CHANGES/10 runs first for the memory check)
#
# Each round, on a throwaway cluster started by the engine itself (ENGINE_HOME=${TMPDIR:-/tmp}/engine-bench-cdc):
#   1. staging database bench_src with a table shaped like Strava's activities (25 columns, jsonb raw, float8[]);
#      `engine sync` creates its publication and slot (empty snapshot); a native subscription (copy_data=false,
#      disabled) is created in database bench_native of the same cluster on its own publication and slot.
#   2. the workload runs with both consumers stopped, so both face the same backlog: CHANGES/2 inserts, then
#      CHANGES*3/10 updates, then CHANGES/5 deletes, in transactions of 1,000 rows; then one marker row; then the
#      source tables are vacuumed, so that autovacuum does not run inside either side's timing.
#   3. ours: `engine sync` drains the backlog; timed end to end (process start included, so it is conservative),
#      peak RSS from /usr/bin/time. native: ALTER SUBSCRIPTION ENABLE, timed until the marker row is applied.
#   Both replicas are then compared with the source (row count and an md5 of the rows).
# Prints changes/s of both, the ratio ours/native (target >= 1.0), our peak memory (target < 200 MB), and the CPU
# seconds each side used: ours is the engine process and the server processes it ran (walsender, backends, see
# reaped_cpu); native is its walsender and apply worker until the marker arrives (see proc_cpu). On two cores a side
# cannot finish faster than half its CPU.
#
# Environment: ENGINE  the engine launcher (default: <repo>/engine)
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "$0")/../.." && pwd)
engine="${ENGINE:-$root/engine}"
work="${TMPDIR:-/tmp}/engine-bench-cdc"
export ENGINE_HOME="$work/home"
(( $# > 0 )) || set -- 1000000
for n in "$@"; do [[ "$n" =~ ^[1-9][0-9]*$ && "$n" -ge 1000 ]] || { echo "run.sh: CHANGES must be a whole number >= 1000, not '$n'" >&2; exit 2; }; done
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x "$pgbin/psql" ]] || { echo "run.sh: psql not found under /usr/lib/postgresql/*/bin" >&2; exit 1; }

project="$work/project"
mkdir -p "$project" "$ENGINE_HOME"
cat >"$project/pipeline.yml" <<YAML
name: bench_cdc
target: dev
targets:
  dev:
    type: postgres
    database: bench_warehouse
YAML
cat >"$project/sources.yml" <<YAML
version: 2
sources:
  - name: strava
    schema: strava
    staging:
      database: bench_src
    cdc:
      publication: engine_bench
      slot: engine_bench
    tables:
      - name: activities
        primary_key: id
      - name: bench_marker
        primary_key: id
YAML

echo "starting the engine's local cluster in $ENGINE_HOME ..." >&2
"$engine" --project-dir "$project" local start >&2
port=$("$engine" --project-dir "$project" local status | sed -n 's/.*running at [0-9.]*:\([0-9]*\).*/\1/p')
psql() { "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"; }
now() { printf '%s\n' "${EPOCHREALTIME/,/.}"; }
# No autovacuum on this throwaway cluster: a worker started by either side's writes ran inside the other's timing and
# CPU (the source's tables are vacuumed by hand after the workload, see below).
psql -d postgres -c "ALTER SYSTEM SET autovacuum = off" -c "SELECT pg_reload_conf()" >/dev/null
clock_ticks=$(getconf CLK_TCK)
# CPU seconds used by the server processes that have ended: the postmaster's reaped children's total (cutime + cstime
# of /proc/PID/stat). A walsender, a backend and an apply worker add theirs when they exit, so a side's server CPU is
# the difference across its run once its processes are gone: nothing sampled, nothing slowed.
reaped_cpu() {
    local pm; pm=$(head -1 "$ENGINE_HOME/postgres/postmaster.pid")
    sed 's/^.*) //' "/proc/$pm/stat" | awk -v hz="$clock_ticks" '{ printf "%.2f\n", ($14 + $15) / hz }'
}
# CPU seconds used so far by the live processes given.
proc_cpu() {
    local pid total=0
    for pid in "$@"; do
        [[ -n "$pid" && -r "/proc/$pid/stat" ]] || { echo "run.sh: process '$pid' is gone; its CPU is unknown" >&2; exit 1; }
        total=$(( total + $(sed 's/^.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }') ))
    done
    echo "$total / $clock_ticks" | bc -l
}
# Waits until no client but this one is connected to the server and no replication slot is active.
await_quiet() {
    local i
    for i in $(seq 1 250); do
        [[ "$(psql -d postgres -Atc "SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type IN ('client backend', 'walsender', 'logical replication worker') AND pid <> pg_backend_pid()) + (SELECT count(*) FROM pg_replication_slots WHERE active)")" == 0 ]] && return 0
        sleep 0.02
    done
    echo "run.sh: the server's clients did not end within 5 s" >&2; return 1
}

table_ddl="CREATE TABLE activities (id bigint PRIMARY KEY, athlete_id bigint NOT NULL, name text, type text, sport_type text,
  distance double precision, moving_time integer, elapsed_time integer, total_elevation_gain double precision,
  start_date timestamptz, start_date_local timestamp, timezone text, average_speed double precision, max_speed double precision,
  kudos_count integer, achievement_count integer, trainer boolean, commute boolean, manual boolean, private boolean,
  gear_id text, start_latlng double precision[], summary_polyline text, raw jsonb, _extracted_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE bench_marker (id integer PRIMARY KEY, at timestamptz);"

round() {
    local changes=$1 inserts=$(( $1 / 2 )) updates=$(( $1 * 3 / 10 )) deletes=$(( $1 / 5 ))
    echo "round of $changes changes: resetting databases ..." >&2
    psql -d postgres -c "SELECT 1" >/dev/null
    if psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'bench_native'" | grep -q 1; then
        # The previous publisher port may be gone (the cluster gets a new port at each start): detach, then drop.
        if psql -d bench_native -Atc "SELECT 1 FROM pg_subscription WHERE subname = 'native_sub'" | grep -q 1; then
            psql -d bench_native -c "ALTER SUBSCRIPTION native_sub DISABLE" -c "ALTER SUBSCRIPTION native_sub SET (slot_name = NONE)" \
                -c "DROP SUBSCRIPTION native_sub" >/dev/null
        fi
    fi
    psql -d postgres -c "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name IN ('engine_bench', 'native_sub') AND active_pid IS NOT NULL" >/dev/null
    sleep 0.5
    psql -d postgres -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name IN ('engine_bench', 'native_sub')" >/dev/null
    for db in bench_src bench_native bench_warehouse; do psql -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null; done
    psql -d bench_src -c "$table_ddl" >/dev/null
    psql -d bench_native -c "$table_ddl" >/dev/null

    "$engine" --project-dir "$project" sync >&2
    psql -d bench_src -c "CREATE PUBLICATION native_pub FOR TABLE activities, bench_marker" >/dev/null
    # On one cluster, CREATE SUBSCRIPTION cannot create its own slot (it would wait for its own transaction).
    psql -d bench_src -c "SELECT pg_create_logical_replication_slot('native_sub', 'pgoutput')" >/dev/null
    psql -d bench_native -c "CREATE SUBSCRIPTION native_sub CONNECTION 'host=127.0.0.1 port=$port user=postgres dbname=bench_src'
        PUBLICATION native_pub WITH (copy_data = false, enabled = false, create_slot = false, slot_name = 'native_sub')" >/dev/null

    echo "workload: $inserts inserts, $updates updates, $deletes deletes (transactions of 1000) ..." >&2
    psql -d bench_src >/dev/null <<SQL
CREATE PROCEDURE workload(inserts int, updates int, deletes int) LANGUAGE plpgsql AS \$\$
DECLARE lo int;
BEGIN
  FOR lo IN 0..inserts - 1 BY 1000 LOOP
    INSERT INTO activities (id, athlete_id, name, type, sport_type, distance, moving_time, elapsed_time, total_elevation_gain,
      start_date, start_date_local, timezone, average_speed, max_speed, kudos_count, achievement_count, trainer, commute, manual,
      private, gear_id, start_latlng, summary_polyline, raw)
    SELECT i, i % 97, 'Morning Run ' || i, 'Run', 'Run', 5000 + i % 1000, 1500 + i % 600, 1600 + i % 700, i % 120,
      timestamptz '2024-01-01' + i * interval '37 minutes', timestamp '2024-01-01' + i * interval '37 minutes', '(GMT+01:00) Europe/Paris',
      3.1 + (i % 10) / 10.0, 5.5, i % 40, i % 5, false, i % 7 = 0, false, false, 'g' || (i % 3),
      ARRAY[48.85 + (i % 100) / 1000.0, 2.35], repeat('ab_cd', 40),
      jsonb_build_object('id', i, 'name', 'Morning Run ' || i, 'distance', 5000 + i % 1000, 'map', jsonb_build_object('id', 'a' || i))
    FROM generate_series(lo + 1, least(lo + 1000, inserts)) i;
    COMMIT;
  END LOOP;
  FOR lo IN 0..updates - 1 BY 1000 LOOP
    UPDATE activities SET kudos_count = kudos_count + 1, name = name || '!', raw = raw || '{"edited": true}'
    WHERE id BETWEEN (lo % inserts) + 1 AND (lo % inserts) + least(1000, updates - lo);
    COMMIT;
  END LOOP;
  FOR lo IN 0..deletes - 1 BY 1000 LOOP
    DELETE FROM activities WHERE id BETWEEN inserts - lo - least(1000, deletes - lo) + 1 AND inserts - lo;
    COMMIT;
  END LOOP;
END \$\$;
CALL workload($inserts, $updates, $deletes);
INSERT INTO bench_marker VALUES (1, now());
SQL
    # Vacuumed now, not by autovacuum during whichever consumer runs first: a worker on the source's 100,000 changed
    # rows took 0.45 s of CPU inside ours' timing (measured per process), none inside native's.
    psql -d bench_src -c "VACUUM (ANALYZE) activities, bench_marker" >/dev/null

    # Ours: drain the backlog; peak RSS of the sync process.
    local t0 t1 ours_s native_s rss_kb c0 c1 ours_cpu native_cpu
    await_quiet
    c0=$(reaped_cpu)
    t0=$(now)
    /usr/bin/time -v -o "$work/time.txt" "$engine" --project-dir "$project" sync >"$work/sync.out" 2>"$work/sync.err" ||
        { echo "run.sh: engine sync failed:" >&2; tail -20 "$work/sync.err" >&2; exit 1; }
    t1=$(now)
    ours_s=$(echo "$t1 - $t0" | bc -l)
    rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
    await_quiet
    c1=$(reaped_cpu)
    local engine_cpu
    engine_cpu=$(echo "$(sed -n 's/.*User time (seconds): //p' "$work/time.txt") + $(sed -n 's/.*System time (seconds): //p' "$work/time.txt")" | bc -l)
    ours_cpu=$(echo "$c1 - $c0 + $engine_cpu" | bc -l)
    printf 'CPU of ours: engine process %.2f s (%s voluntary context switches), its server processes %.2f s\n' "$engine_cpu" \
        "$(sed -n 's/.*Voluntary context switches: //p' "$work/time.txt")" "$(echo "$c1 - $c0" | bc -l)" >&2
    cat "$work/sync.out" >&2

    # Native: enable the subscription; timed from the moment its apply worker runs (the launcher may take seconds to
    # start it, which is not apply time) until the marker row (committed last) is applied.
    psql -d bench_native -c "ALTER SUBSCRIPTION native_sub ENABLE" >/dev/null
    local apply_pid sender_pid
    until apply_pid=$(psql -d bench_native -Atc "SELECT pid FROM pg_stat_subscription WHERE subname = 'native_sub' AND pid IS NOT NULL") && [[ -n "$apply_pid" ]]; do sleep 0.02; done
    t0=$(now)
    until [[ "$(psql -d bench_native -Atc "SELECT count(*) FROM bench_marker")" == 1 ]]; do sleep 0.05; done
    t1=$(now)
    native_s=$(echo "$t1 - $t0" | bc -l)
    # Its apply worker and walsender are read while they live: once past the marker, the walsender goes on decoding
    # the WAL ours wrote into the warehouse, which is no part of native's work.
    sender_pid=$(psql -d postgres -Atc "SELECT active_pid FROM pg_replication_slots WHERE slot_name = 'native_sub'")
    native_cpu=$(proc_cpu "$apply_pid" "$sender_pid")

    local source_sum ours_sum native_sum cols
    cols="id, athlete_id, name, distance, kudos_count, start_date, start_latlng, raw"
    source_sum=$(psql -d bench_src -Atc "SELECT count(*) || ' ' || md5(string_agg(row($cols)::text, ',' ORDER BY id)) FROM activities")
    ours_sum=$(psql -d bench_warehouse -Atc "SELECT count(*) || ' ' || md5(string_agg(row($cols)::text, ',' ORDER BY id)) FROM strava.activities WHERE NOT _deleted")
    native_sum=$(psql -d bench_native -Atc "SELECT count(*) || ' ' || md5(string_agg(row($cols)::text, ',' ORDER BY id)) FROM activities")
    [[ "$ours_sum" == "$source_sum" ]] || { echo "run.sh: the warehouse differs from the source ($ours_sum vs $source_sum)" >&2; exit 1; }
    [[ "$native_sum" == "$source_sum" ]] || { echo "run.sh: the native replica differs from the source ($native_sum vs $source_sum)" >&2; exit 1; }

    printf '%-10s %12s %12s %14s %14s %8s %12s %12s %12s\n' "$changes" \
        "$(printf '%.2f' "$ours_s")" "$(printf '%.2f' "$native_s")" \
        "$(printf '%.0f' "$(echo "$changes / $ours_s" | bc -l)")" "$(printf '%.0f' "$(echo "$changes / $native_s" | bc -l)")" \
        "$(printf '%.2f' "$(echo "$native_s / $ours_s" | bc -l)")" "$(( rss_kb / 1024 )) MB" \
        "$(printf '%.2f' "$ours_cpu")" "$(printf '%.2f' "$native_cpu")"
}

mapfile -t sizes < <(for n in "$@"; do echo $(( n / 10 )); echo "$n"; done | sort -n -u)
printf '%-10s %12s %12s %14s %14s %8s %12s %12s %12s\n' changes ours_s native_s ours_changes/s native_changes/s ratio peak_rss ours_cpu_s native_cpu_s
for n in "${sizes[@]}"; do round "$n"; done
echo "targets: ratio (ours/native throughput) >= 1.0; peak RSS < 200 MB, flat across sizes" >&2
psql -d postgres -c "ALTER SYSTEM RESET autovacuum" >/dev/null
"$engine" --project-dir "$project" local stop >&2
