#!/usr/bin/env bash
# Warm start against training from nothing on MovieLens 1M cut by time: "yesterday's" model is trained on each
# user's first 90 % of interactions (sequences.txt is in time order per user and has no timestamps), then (1) a model is trained from nothing on all of them with the
# default 30-minute budget and (2) yesterday's model is continued on all of them with a third of that budget.
# Both are evaluated with the defaults (leave-one-out by time, full ranking, bootstrap intervals).
#   benchmarks/warm-start.sh ML-1M-FOLDER WORK-FOLDER
# YESTERDAY (minutes, default 15), SCRATCH (default 30) and WARM (default 10) may be set in the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:?usage: benchmarks/warm-start.sh ML-1M-FOLDER WORK-FOLDER}
work=${2:?usage: benchmarks/warm-start.sh ML-1M-FOLDER WORK-FOLDER}
yesterday=${YESTERDAY:-15}
scratch=${SCRATCH:-30}
warm=${WARM:-10}
mkdir -p "$work/before"

dotnet build Recommender.Cli -c Release -v q -nologo >/dev/null
cli() { dotnet Recommender.Cli/bin/Release/net10.0/recommender.dll "$@"; }

# Each user's first 90 % of interactions (sequences.txt: "user item" lines, in time order per user).
awk 'NR == FNR { n[$1]++; next } { seen[$1]++; if (seen[$1] <= int(n[$1] * 0.9)) print }' "$data/sequences.txt" "$data/sequences.txt" >"$work/before/sequences.txt"
cp "$data/movies.dat" "$data/users.dat" "$work/before/"
echo "yesterday: $(wc -l <"$work/before/sequences.txt") of $(wc -l <"$data/sequences.txt") interactions, $(awk '{print $2}' "$work/before/sequences.txt" | sort -u | wc -l) of $(awk '{print $2}' "$data/sequences.txt" | sort -u | wc -l) items"

timed() { local start=$SECONDS; "$@"; echo "wall seconds: $((SECONDS - start))"; }

echo "== yesterday: before the cut, from nothing, $yesterday min"
timed cli train --input "$work/before" --output "$work/yesterday.recbundle" --torch-model "$work/yesterday.recmodel" --time-budget "$yesterday" --quiet
echo "== today from nothing: everything, $scratch min"
timed cli train --input "$data" --output "$work/scratch.recbundle" --time-budget "$scratch" --quiet
echo "== today warm: everything, from yesterday's model, $warm min"
timed cli train --input "$data" --output "$work/warm.recbundle" --init-from "$work/yesterday.recmodel" --time-budget "$warm" --quiet
for model in scratch warm; do
  echo "== evaluate $model"
  cli evaluate --model "$work/$model.recbundle" --input "$data"
done
