#!/usr/bin/env bash
# bench/pipeline: `engine run` of project/ on 2 athletes x 50,000 sandbox activities, full then the daily incremental
# run, as a ratio (see bench/README.md). Arguments: [activities per athlete] [clock step in days] [history days]; env RUNS, KEEP, DAILY,
# PROJECT, ENGINE.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dotnet build -c Release -v q -nologo "$root/bench/pipeline" >/dev/null
exec dotnet run -c Release --no-build --project "$root/bench/pipeline" -- "$@"
