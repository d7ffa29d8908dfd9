#!/usr/bin/env bash
# Benchmark of `engine build` against a floor measured in the same run.
#
# Usage: bench/build/run.sh
#
# Generates a project of 500 view models and 200 table models over a 1,000,000-row seed
# (bench/build/generate.py, into ${TMPDIR:-/tmp}/engine-bench-build), loads the seed once with
# `engine seed`, then times, each on freshly dropped model schemas:
#   floor      the same compiled statements (CREATE VIEW / CREATE TABLE AS), one by one over a
#              single Npgsql connection (bench/build/Floor), connection and schema set-up included
#   threads 1  `engine build --exclude resource_type:seed --threads 1`, process start to exit
#   threads 4  the same with --threads 4
# RUNS (default 3) rounds; medians are reported with the ratios engine/floor.
# Targets (issue 3): threads 1 <= 1.15, threads 4 < 1.0.
set -euo pipefail
export LC_ALL=C
root=$(cd "$(dirname "$0")/../.." && pwd)
work="${TMPDIR:-/tmp}/engine-bench-build"
runs="${RUNS:-3}"
export ENGINE_HOME="$work/home"
engine="$root/engine"
mkdir -p "$work"
python3 "$root/bench/build/generate.py" "$work/project" "${ROWS:-1000000}"
dotnet build -c Release -v q -nologo "$root/bench/build/Floor" -o "$work/floor" >/dev/null
"$engine" local start --project-dir "$work/project" >/dev/null
port=$("$engine" local status --project-dir "$work/project" | sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p')
cs="Host=127.0.0.1;Port=$port;Username=postgres;Database=bench_build"
echo "loading the seed ($("$engine" seed --project-dir "$work/project" | grep -o 'INSERT [0-9]*'))" >&2

drop() { psql -q -h 127.0.0.1 -p "$port" -U postgres -d bench_build -c "drop schema if exists bench_views cascade; drop schema if exists bench_tables cascade; checkpoint;" >/dev/null 2>&1; }
now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

floor=(); one=(); four=()
for ((i = 1; i <= runs; i++)); do
    drop; start=$(now); "$engine" build --project-dir "$work/project" --exclude resource_type:seed --threads 1 >/dev/null; one+=("$(echo "$(now) - $start" | bc)")
    drop; floor+=("$(dotnet "$work/floor/Floor.dll" "$work/project/target/manifest.json" "$cs" | cut -d' ' -f1)")
    drop; start=$(now); "$engine" build --project-dir "$work/project" --exclude resource_type:seed --threads 4 >/dev/null; four+=("$(echo "$(now) - $start" | bc)")
    echo "round $i: floor ${floor[-1]}s, threads 1 ${one[-1]}s, threads 4 ${four[-1]}s" >&2
done
f=$(printf '%s\n' "${floor[@]}" | median); o=$(printf '%s\n' "${one[@]}" | median); q=$(printf '%s\n' "${four[@]}" | median)
printf '%-10s %8s %8s\n' run seconds ratio
printf '%-10s %8.2f %8.2f\n' floor "$f" 1 "threads 1" "$o" "$(echo "$o / $f" | bc -l)" "threads 4" "$q" "$(echo "$q / $f" | bc -l)"
