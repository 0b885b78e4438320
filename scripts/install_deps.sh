#!/usr/bin/env bash
# Installs the system libraries spineload builds against (Debian packages), plus any package
# named as an argument (scripts/test.sh adds chromium). Idempotent: does nothing when
# everything is already there.
set -euo pipefail

packages=(build-essential cmake pkg-config libeigen3-dev libboost-dev libhdf5-dev libgtest-dev
          libtomlplusplus-dev libcli11-dev nlohmann-json3-dev libbenchmark-dev python3-venv "$@")

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
echo "spineload: installing ${missing[*]}" >&2
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
  "${missing[@]}" >/dev/null
