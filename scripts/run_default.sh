#!/usr/bin/env bash
# The main job: build, then one default pull (average male, 100 kg, bar over mid-foot) with a
# readable summary and the full result in pull.h5 (replaced on every run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh >/dev/null
build/spineload simulate --out pull.h5 --force "$@"
