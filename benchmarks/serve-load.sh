#!/usr/bin/env bash
# Load figures for `recommender serve` on this machine, client and server sharing it: recommend top-10 for users'
# latest 200 items at 16 and 64 connections, dynamic batching on and off, then the same at 64 connections while
# another bundle is swapped in every 10 s, and batching with larger runs and a 1 ms window (the earlier defaults). Prints Markdown rows;
# benchmarks/RESULTS.md records them.
#   benchmarks/serve-load.sh DATASET BUNDLE [OTHER_BUNDLE]
# DURATION (seconds measured, default 60) and WARMUP (default 5) may be set in the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:?usage: benchmarks/serve-load.sh DATASET BUNDLE [OTHER_BUNDLE]}
bundle=${2:?usage: benchmarks/serve-load.sh DATASET BUNDLE [OTHER_BUNDLE]}
other=${3:-$2}
duration=${DURATION:-60}
warmup=${WARMUP:-5}
port=${PORT:-5080}

dotnet build Recommender.Cli -c Release -v q -nologo >/dev/null
dotnet build benchmarks/Recommender.LoadTest -c Release -v q -nologo >/dev/null
cli=Recommender.Cli/bin/Release/net10.0/recommender.dll
load=benchmarks/Recommender.LoadTest/bin/Release/net10.0/Recommender.LoadTest.dll
work=$(mktemp -d)
server=
cleanup() { [[ -n $server ]] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

echo "the session alone, one thread, same histories:"
dotnet "$load" --data "$data" --direct "$bundle" --duration 5

run() { # label connections [swap]
  local args=(--url "http://127.0.0.1:$port" --data "$data" --connections "$2" --duration "$duration" --warmup "$warmup" --label "$1" --server-pid "$server")
  [[ ${3:-} == swap ]] && args+=(--swap-path "$work/model.recbundle" --swap-bundles "$other,$bundle" --swap-every 10)
  dotnet "$load" "${args[@]}" | tail -n +3
}

serve() { # label flags...
  local label=$1; shift
  cp "$bundle" "$work/model.recbundle"
  dotnet "$cli" serve --model "$work/model.recbundle" --urls "http://127.0.0.1:$port" "$@" >"$work/serve.log" 2>&1 &
  server=$!
  until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do sleep 0.5; done
}

stop() { # label
  kill "$server"; wait "$server" 2>/dev/null || true; server=
  echo "bundles refused ($1): $(grep -c 'refused' "$work/serve.log" || true)"
}

for mode in on off; do
  serve "batching $mode" --batching "$mode"
  run "batching $mode" 16
  run "batching $mode" 64
  run "batching $mode, swap every 10 s" 64 swap
  stop "batching $mode"
done

# The defaults before they were measured: larger runs and a window that waits for them.
serve "batching on, max 32, window 1 ms" --batching on --max-batch 32 --batch-window 1
run "batching on, max 32, window 1 ms" 64
stop "batching on, max 32, window 1 ms"
