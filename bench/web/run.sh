#!/usr/bin/env bash
# bench/web (see bench/README.md): static dashboard sizes and time to the last chart over 2 x 50,000 activities, and
# `engine docs generate` against `engine compile` on the 10,000-model project of bench/compile.sh.
# Arguments: [activities per athlete] (default 50000). Env: RUNS (default 5), ENGINE, SKIP_PIPELINE=1 to reuse the
# cluster a previous KEEP=1 run left (its folder is printed).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
engine="${ENGINE:-$root/engine}"
per="${1:-50000}"
work="${TMPDIR:-/tmp}/engine-bench-pipeline"
"$engine" --help >/dev/null
if [[ "${SKIP_PIPELINE:-0}" != 1 ]]; then
  KEEP=1 RUNS=1 "$root/bench/pipeline/run.sh" "$per" >&2
fi
home=$(find "$work" -maxdepth 3 -type d -name home | head -1)
project="$(dirname "$home")/project"
ENGINE_HOME="$home" "$engine" dashboards build --project-dir "$project" >&2
python3 "$root/bench/generate_project.py" 10000 "${TMPDIR:-/tmp}/engine-bench/10000" >/dev/null 2>&1 || true
dotnet build -c Release -v q -nologo "$root/bench/web" >/dev/null
status=0
ENGINE_HOME="$home" dotnet run -c Release --no-build --project "$root/bench/web" -- "$project/target/dashboards" "$engine" "${TMPDIR:-/tmp}/engine-bench/10000" || status=$?
ENGINE_HOME="$home" "$engine" local stop --project-dir "$project" >&2 || true
exit $status
