"""Property test of the command line's bad-input contract: random setups, many out of range,
each either simulates (exit 0 when the pull completes, 4 when it does not; every peak finite
either way, or every load peak null when the bar never left the floor) or is refused in one
line naming a field (exit 2). Never a crash, a traceback or a NaN. Seeded, so a failure is reproducible."""

import json
import math
import random
import subprocess

# (low, high) deliberately wider than the allowed ranges, so both outcomes occur
FIELDS = {"load": (-10, 700), "bar_offset": (-0.2, 0.5), "bar_height": (0.05, 0.9),
          "trunk_angle_deg": (-5, 95), "lumbar_flexion_deg": (-25, 60),
          "balance_point": (-0.12, 0.12), "duration": (0.1, 3.0), "coordination": (-0.6, 1.1),
          "band_tension": (-1, 3500), "band_forward": (-1, 1200), "iap_kpa": (-1, 45), "height": (1.1, 2.4),
          "mass": (25, 260), "strength": (0.1, 6.0), "thigh_ratio": (0.15, 0.35)}
LOAD_PEAKS = ("peak_moment", "peak_compression", "peak_anterior_shear", "peak_posterior_shear",
              "peak_extensor_force")
PEAKS = ("peak_moment", "peak_compression", "peak_anterior_shear", "peak_extensor_force", "cop_min",
         "cop_max", "max_torque_ratio")
RUNS = 60


def test_random_setups_simulate_or_are_refused_in_one_line(cli_path):
    rng = random.Random(20261124)
    outcomes = {0: 0, 2: 0, 4: 0}
    for _ in range(RUNS):
        chosen = rng.sample(sorted(FIELDS), 3)
        args = [cli_path, "simulate", "--json"]
        for name in chosen:
            low, high = FIELDS[name]
            args += ["--set", f"{name}={rng.uniform(low, high):.4g}"]
        run = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
        assert run.returncode in outcomes, (args, run.returncode, run.stderr)
        outcomes[run.returncode] += 1
        if run.returncode == 2:
            assert run.stderr.count("\n") == 1 and run.stderr.startswith("spineload: error: ")
            assert run.stdout == ""
        else:
            summary = json.loads(run.stdout)
            assert summary["completed"] == (run.returncode == 0)
            if "the bar does not leave the " in summary["status"]:  # floor, blocks or pins
                # nothing was lifted: no peak is printed as a load
                assert all(summary[k] is None for k in LOAD_PEAKS), (args, summary)
            else:
                assert all(math.isfinite(summary[k]) for k in PEAKS), (args, summary)
    assert outcomes[0] > 0 and outcomes[2] > 0  # both paths were exercised
