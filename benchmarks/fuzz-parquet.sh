#!/usr/bin/env bash
# The long fuzz of the Parquet interactions reader, split into processes of CHUNK cases each (cases FIRST to
# FIRST + CHUNK - 1 of the same seeded sequence). The Parquet library never returns on some damaged files; the product
# reports them as damage after its time limit, but the stuck read keeps a core busy until its process ends, so each
# chunk's process ends its stuck reads with it.
#   benchmarks/fuzz-parquet.sh [TOTAL] [CHUNK]      # default 10000 cases in chunks of 500
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-10000}
chunk=${2:-500}
dotnet build Recommender.Tests -c Release -v q -nologo >/dev/null
for ((first = 0; first < total; first += chunk)); do
  start=$SECONDS
  RECOMMENDER_FUZZ_FIRST=$first RECOMMENDER_FUZZ_CASES=$chunk dotnet test Recommender.Tests -c Release --no-build \
    --filter "DisplayName~Parquet_readers_read_or_name_the_file_whatever_the_column_types&DisplayName~interactions.parquet" 2>&1 \
    | grep -E "Passed!|Failed!|Failed |Fuzzing case" | sed "s/^/cases $first-$((first + chunk - 1)): /"
  echo "cases $first-$((first + chunk - 1)): $((SECONDS - start)) s"
done
