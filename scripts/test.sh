#!/usr/bin/env bash
# Every test: installs what is missing, builds, runs the C++ suite (GoogleTest via ctest), the
# same suite under AddressSanitizer/UBSan (scripts/test_sanitizers.sh), then
# installs the Python package into a fresh virtual environment and runs pytest (bindings,
# CLI agreement, validation, notebooks).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
bash scripts/install_deps.sh chromium  # a real browser opens the report in the Python tests
ctest --test-dir build --output-on-failure -j"$(nproc)"
bash scripts/test_sanitizers.sh

rm -rf build/venv
python3 -m venv build/venv
build/venv/bin/python -m pip install -q --upgrade pip
build/venv/bin/python -m pip install -q ".[test]"
SPINELOAD_CLI="$PWD/build/spineload" build/venv/bin/python -m pytest tests/python -q
