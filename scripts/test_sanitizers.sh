#!/usr/bin/env bash
# The C++ suite again, built with AddressSanitizer and UndefinedBehaviorSanitizer (Debug, -O1):
# any out-of-bounds access, use after free, leak or undefined behaviour fails the run, so "never
# a crash" is checked, not hoped for. Called by scripts/test.sh; about 3 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSPINELOAD_BENCH=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -O1" \
  >/dev/null
cmake --build build-asan -j"$(nproc)"
ASAN_OPTIONS=detect_leaks=1 ctest --test-dir build-asan --output-on-failure -j"$(nproc)"
