#!/usr/bin/env bash
# Prints the docs/model.md 4.4 table: peak L4-L5 moment and compression of the canonical pull
# against the balance point, for the three lifter presets. Needs build/spineload.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "| balance_point (m) | average_male moment / compression | average_female | heavy_male_lifter |"
echo "|---|---|---|---|"
for bp in -0.08 -0.07 -0.06 -0.05 -0.04 -0.03; do
  row="| $bp |"
  for lifter in average_male average_female heavy_male_lifter; do
    # exit 0: completed, 4: ran but did not complete (its peaks are still the pull's); 2: infeasible
    json=$(build/spineload simulate --lifter "$lifter" --set balance_point="$bp" --json 2>/dev/null) \
      && status=0 || status=$?
    if [ "$status" -eq 0 ] || [ "$status" -eq 4 ]; then
      # where balance would put the shins through the bar they touch it and the COM settles
      # behind (docs/model.md 4.2): the row then says where it went
      row="$row $(echo "$json" | python3 -c 'import json,sys; d=json.load(sys.stdin); s=d["setup"]; moved=abs(d["start_com_x"]-s["balance_point"])>1e-6; print("does not leave the floor" if d["peak_moment"] is None else "%.0f N*m / %.0f N%s%s" % (d["peak_moment"], d["peak_compression"], " (shins on bar, COM %.3f)" % d["start_com_x"] if moved else "", "" if d["completed"] else " (fails)"))') |"
    else
      row="$row infeasible |"
    fi
  done
  echo "$row"
done
