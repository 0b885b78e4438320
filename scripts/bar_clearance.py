"""How far the simulated bar passes inside the shins' clearance, over random setups
(docs/model.md 5.2; docs/validation.md, "What the numbers are not").

The plan holds the bar centre at least 0.03 m in front of the ankle-knee line at its nine
nodes, and at its 65 tabulated points to within 3 mm of that (keep_bar_out_between_nodes);
between those the tracked pull may pass a little closer still. This draws random men and setups (a fixed
seed), simulates each pull with 400 output samples a second and measures, below the knee, the
bar centre's signed distance to the shank segment (negative behind it) against the 0.03 m
rule (bar_inside_legs, posture.hpp). Prints how many pulls pass more than 0.5 cm and 1 cm
inside it, where those over 1 cm do (more than 5 cm below the knee, or within 5 cm of it),
and the worst ones (cm inside, cm below the knee, time as a share of the knee
passage's).

python scripts/bar_clearance.py [--pulls 300] [--seed 1]
"""

from __future__ import annotations

import argparse

import numpy as np

import spineload as sl
from spineload.plot import landmarks

SHIN_CLEARANCE = 0.03  # m, kShinClearance (posture.hpp)


def worst_inside(result) -> tuple[float, float, float] | None:
    """The most the bar passes inside the shin clearance below the knee (m), the bar's depth
    below the knee there (m) and the time as a share of the knee passage's; None if the bar
    never is below the knee."""
    points = landmarks(result)
    ankle, knee, bar = points[:, 0], points[:, 1], points[:, 5]
    below = bar[:, 1] <= knee[:, 1]
    if not below.any():
        return None
    shank = knee - ankle
    along = np.clip(np.einsum("ij,ij->i", bar - ankle, shank) / np.einsum("ij,ij->i", shank, shank),
                    0.0, 1.0)
    distance = np.linalg.norm(bar - (ankle + along[:, None] * shank), axis=1)
    # + in front of the line (clockwise of the shank's direction), as the rule measures
    front = (bar - ankle)[:, 0] * shank[:, 1] - (bar - ankle)[:, 1] * shank[:, 0] >= 0.0
    inside = np.where(below, SHIN_CLEARANCE - np.where(front, distance, -distance), -np.inf)
    k = int(np.argmax(inside))
    return float(inside[k]), float(knee[k, 1] - bar[k, 1]), float(result.time[k] /
                                                                   result.summary["knee_time"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pulls", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    rows, refused = [], 0
    for _ in range(args.pulls):
        setup = {"trunk_angle_deg": rng.uniform(10, 60), "bar_offset": rng.uniform(0.0, 0.12),
                 "lumbar_flexion_deg": rng.uniform(0, 40), "coordination": rng.uniform(-0.4, 0.8),
                 "load": rng.uniform(40, 140)}
        lifter = {"sex": "male", "height": rng.uniform(1.6, 2.0), "mass": rng.uniform(60, 120),
                  "thigh_ratio": rng.uniform(0.22, 0.27), "shank_ratio": rng.uniform(0.22, 0.27)}
        try:
            result = sl.simulate(lifter, {k: float(v) for k, v in setup.items()}, rate=400)
        except sl.InputError:
            refused += 1
            continue
        worst = worst_inside(result)
        if worst is not None:
            rows.append(worst)
    inside = np.array([r[0] for r in rows])
    over = [r for r in rows if r[0] > 0.01]
    near_knee = sum(1 for r in over if r[1] < 0.05)
    print(f"{len(rows)} pulls with the bar below the knee ({refused} of {args.pulls} setups "
          f"refused): {(inside > 0.005).sum()} pass more than 0.5 cm inside the shin clearance, "
          f"{len(over)} more than 1 cm ({len(over) - near_knee} of them more than 5 cm below the "
          f"knee, {near_knee} within 5 cm of it), the worst {100 * inside.max():.1f} cm")
    print("worst (cm inside, cm below the knee, time / knee-passage time):")
    for row in sorted(rows, reverse=True)[:5]:
        print(f"  {100 * row[0]:.2f}  {100 * row[1]:.1f}  {row[2]:.2f}")


if __name__ == "__main__":
    main()
