#!/usr/bin/env bash
# Loading before and after, side by side on the same machine load: builds bench/MlOps.LoadBench against BASE (a git
# ref, exported to a temp folder) and against the working tree, then runs them alternately ROUNDS times on FILE.
#   usage: bench/load-compare.sh BASE FILE LABEL [ROUNDS]     e.g. bench/load-compare.sh main /tmp/ds/taxi-big.csv fare_amount 3
set -euo pipefail
base=${1:?usage: load-compare.sh BASE FILE LABEL [ROUNDS]}; file=${2:?FILE}; label=${3:?LABEL}; rounds=${4:-3}
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
git -C "$repo" archive "$base" | tar -x -C "$tmp"
rm -rf "$tmp/bench/MlOps.LoadBench"; cp -r "$repo/bench/MlOps.LoadBench" "$tmp/bench/"
rm -rf "$tmp/bench/MlOps.LoadBench/bin" "$tmp/bench/MlOps.LoadBench/obj"
for tree in "$tmp" "$repo"; do
  dotnet build "$tree/bench/MlOps.LoadBench" -c Release -nodeReuse:false -v:q -o "$tree/.loadbench" >/dev/null
done
for round in $(seq "$rounds"); do
  echo "before $round: $(dotnet "$tmp/.loadbench/MlOps.LoadBench.dll" "$file" "$label")"
  echo "after  $round: $(dotnet "$repo/.loadbench/MlOps.LoadBench.dll" "$file" "$label")"
done
rm -rf "$repo/.loadbench"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
