#!/usr/bin/env bash
# bench/orchestration: backfill of 730 daily partitions vs one run over the same range, planning and recording 730
# partitions, an idle daemon's CPU, and the delay from a tick to its run's start (see README.md here).
# Env: IDLE_SECONDS (default 60).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dotnet build -c Release -v q -nologo "$root/bench/orchestration" >/dev/null
exec dotnet run -c Release --no-build --project "$root/bench/orchestration" -- "$@"
