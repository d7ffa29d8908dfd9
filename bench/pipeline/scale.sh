#!/usr/bin/env bash
# bench/pipeline/scale.sh: the daily incremental `engine run` on a history 10x longer with the same change (issue 17's
# scale case: about 1,000 new or edited activities on 100,000 and on 1,000,000). Both histories keep the same rate of
# activities a day (2 athletes x N over D days, then 2 x 10N over 10D days), so the 7-day step brings the same change;
# the figure is incremental(large) / incremental(small), measured in this one run (target <= 1.2).
# Arguments: [activities per athlete, small] [history days, small] [factor]; defaults 50000 580 10 (D = 580 keeps the
# large history after dim_date's 2010 start). env RUNS (default 1), DAILY (default 2: a second daily run, the figure
# for a daily run after a daily run; the first one after the full run also decodes the WAL of the full build), SETTLE
# (default 0).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
small=${1:-50000}
days=${2:-580}
factor=${3:-10}
base="${TMPDIR:-/tmp}/engine-bench-scale"
mkdir -p "$base/small" "$base/large"
export RUNS=${RUNS:-1}
export DAILY=${DAILY:-2}
# SETTLE=1: each daily run on a vacuumed and analyzed cluster (see Program.cs and bench/README.md, "Scale again, a settled
# cluster"); by default they run right after, as in run.sh.
export SETTLE=${SETTLE:-0}
TMPDIR="$base/small" "$here/run.sh" "$small" 7 "$days" | tee "$base/small.txt"
TMPDIR="$base/large" "$here/run.sh" $((small * factor)) 7 $((days * factor)) | tee "$base/large.txt"
incremental() { awk '/^total \(process\)/ { print $4 }' "$1"; }
second() { awk '/^second daily/ { print $3 }' "$1"; }
a=$(incremental "$base/small.txt")
b=$(incremental "$base/large.txt")
echo
echo "scale: incremental run $a s on $((2 * small)) activities, $b s on $((2 * small * factor)) ($factor x the history):" \
  "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", b / a }')x (target <= 1.2)"
c=$(second "$base/small.txt")
e=$(second "$base/large.txt")
if [[ -n $c && -n $e ]]; then
  echo "scale, second daily run: $c s on $((2 * small)) activities, $e s on $((2 * small * factor)):" \
    "$(awk -v a="$c" -v b="$e" 'BEGIN { printf "%.2f", b / a }')x (target <= 1.2)"
fi
