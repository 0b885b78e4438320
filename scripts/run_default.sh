#!/usr/bin/env bash
# The main job: build the command line (only it: no tests, no benchmarks), then one default
# pull (average male, 100 kg, bar over mid-foot) with a readable summary and the full result in
# pull.h5 (replaced on every run). The first run on a fresh machine installs packages and
# compiles for a minute or two; it says so as it goes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
if [ ! -x build/spineload ]; then
  echo "spineload: building the command line into build/ (first run: a minute or two)" >&2
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
log=build/build-cli.log
# the compiler's progress as one updating line; its whole output in $log if it fails
if ! cmake --build build -j"$(nproc)" --target spineload_cli >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "spineload: the build failed (whole log: $log)" >&2
  exit 1
fi &
build_pid=$!
while kill -0 "$build_pid" 2>/dev/null; do
  percent=$(grep -o '^\[ *[0-9]*%\]' "$log" 2>/dev/null | tail -n 1 | tr -d '[] ' || true)
  [ -t 2 ] && [ -n "$percent" ] && printf '\rspineload: building %s ' "$percent" >&2
  sleep 1
done
wait "$build_pid"
[ -t 2 ] && printf '\r%40s\r' '' >&2
build/spineload simulate --out pull.h5 --force "$@"
