#!/usr/bin/env bash
# Configures and builds the library, the CLI, the C++ tests and the benchmarks into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
