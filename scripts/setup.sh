#!/usr/bin/env bash
# Installs what a fresh machine needs beyond the .NET SDK, and nothing that is already there.
# Safe to run again. NuGet packages (TorchSharp, libtorch, ONNX Runtime, ...) come with `dotnet restore`.
set -euo pipefail
cd "$(dirname "$0")/.."

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

# Notebooks run headless with Jupyter's nbconvert and the .NET Interactive kernel; charts need one TrueType font.
packages=()
command -v jupyter-nbconvert >/dev/null 2>&1 || packages+=(jupyter-nbconvert jupyter-client)
compgen -G "/usr/share/fonts/truetype/*/*.ttf" >/dev/null || packages+=(fonts-dejavu-core)
# The approximate top-K index (USearch's native library) runs on GCC's OpenMP runtime.
ldconfig -p 2>/dev/null | grep -q 'libgomp\.so\.1' || packages+=(libgomp1)
if (( ${#packages[@]} > 0 )); then
  if command -v apt-get >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  else
    echo "setup: notebooks, charts and the approximate index need these Debian/Ubuntu packages, not installed here: ${packages[*]}" >&2
    echo "setup: install them (e.g. sudo apt-get install ${packages[*]}) and run again." >&2
    exit 1
  fi
fi

dotnet tool restore >/dev/null
dotnet tool run dotnet-interactive jupyter install >/dev/null
echo "setup: ready (.NET SDK $(dotnet --version), $(jupyter-nbconvert --version 2>/dev/null | head -1 | sed 's/^/nbconvert /'), .NET Interactive kernel registered)"
