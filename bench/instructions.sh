#!/usr/bin/env bash
# Instructions per default pull, counted by callgrind: a figure this machine's load cannot move
# (timings here swing by +/-25%). Runs spineload_default_pulls for 20 and for 120 pulls and
# divides the difference by 100, so start-up and the one-time reading of the model tables drop
# out. Needs valgrind (apt-get install valgrind) and a Release build in build/ (or $1).
# Usage: bench/instructions.sh [build-dir]
set -euo pipefail
build=${1:-build}
binary="$build/spineload_default_pulls"
[[ -x "$binary" ]] || { echo "no $binary: build with scripts/build.sh first" >&2; exit 2; }
command -v valgrind > /dev/null || { echo "valgrind not installed" >&2; exit 2; }
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$binary" "$1" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
few=$(count 20)
many=$(count 120)
echo "default pull: $(( (many - few) / 100 )) instructions (callgrind, mean of 100 pulls)"
