#!/usr/bin/env bash
# Executes notebooks/offline-evaluation.ipynb end to end with the real .NET Interactive kernel and fails if any
# cell fails. The executed copy goes to a temporary folder (or $1): executed output is never committed.
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-$(mktemp -d)}"
# The notebook references the Release build of Recommender.Core and the demo's bundle.
dotnet build Recommender.Core -c Release --verbosity quiet
if [[ ! -f runs/demo/model.recbundle ]]; then
  dotnet run --project Recommender.Cli -c Release -- demo --quiet
fi

jupyter nbconvert --to notebook --execute notebooks/offline-evaluation.ipynb \
  --output-dir "$out" --ExecutePreprocessor.timeout=900 --ExecutePreprocessor.kernel_name=.net-csharp
echo "notebook: every cell ran; executed copy in $out/offline-evaluation.ipynb"
