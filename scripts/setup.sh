#!/usr/bin/env bash
# Installs what a fresh machine needs beyond the .NET SDK, and nothing that is already there.
# Safe to run again. NuGet packages (TorchSharp, libtorch, ONNX Runtime, ...) come with `dotnet restore`.
set -euo pipefail

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET SDK 10 is required (https://dot.net); install it and run again." >&2
  exit 1
fi

sdk_major=$(dotnet --version | cut -d. -f1)
if (( sdk_major < 10 )); then
  echo "setup: .NET SDK 10 or newer is required; found $(dotnet --version)." >&2
  exit 1
fi

dotnet restore Recommender.sln --verbosity quiet
echo "setup: ready (.NET SDK $(dotnet --version))"
