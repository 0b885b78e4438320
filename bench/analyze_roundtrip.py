"""The round trip of a filmed lift over many noise seeds: simulate a pull, film it (500 px/m,
2 px of noise, docs/validation.md section 6), analyse it, and compare the peak L4-L5 moment and
compression and the joint angles with the simulation's.

    PYTHONPATH=... python bench/analyze_roundtrip.py [--seeds 20] [--cutoff HZ]

Prints one line per setup and frame rate: the median and the worst error of each, and how many
seeds fall within 5 %.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "python"))
import filming  # noqa: E402
import spineload as sl  # noqa: E402


def errors(film, seed, cutoff, folder):
    path = filming.write_csv(film, Path(folder) / f"clip_{seed}.csv", seed=seed,
                             l4l5=film.setup == "rounded")
    options = {"cutoff": cutoff} if cutoff else {}
    measured = sl.analyze(path, "average_male", load=100, **options)
    truth = film.truth.summary
    got = measured.summary
    moment = got["peak_moment"] / truth["peak_moment"] - 1
    compression = got["peak_compression"] / truth["peak_compression"] - 1
    # angles at the same instants of the clip
    first = int(round(measured.analysis["start_time"] * film.fps))
    q = np.asarray(measured.q)
    clip = film.q[first:first + len(q)]
    rms = np.degrees(np.sqrt(np.mean((clip - q[:len(clip)]) ** 2, axis=0))).max()
    return moment, compression, rms, measured.analysis["cutoff"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--cutoff", type=float, default=0.0, help="Hz; 0 = residual analysis")
    args = parser.parse_args()
    print(f"{'setup':14} {'fps':>4}  moment median/worst  compression median/worst  "
          f"angles RMS worst  within 5%  cutoffs Hz", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        for setup in ("conventional", "rounded", "hips_shoot_up"):
            for fps in (30.0, 60.0):
                film = filming.film(setup, fps)
                rows = np.array([errors(film, seed, args.cutoff, folder)
                                 for seed in range(args.seeds)])
                m, c, a, f = rows.T * np.array([[100], [100], [1], [1]])
                within = np.sum((np.abs(m) < 5) & (np.abs(c) < 5))
                print(f"{setup:14} {fps:4.0f}  {np.median(m):+6.2f}% / {m[np.argmax(abs(m))]:+6.2f}%"
                      f"      {np.median(c):+6.2f}% / {c[np.argmax(abs(c))]:+6.2f}%"
                      f"          {a.max():5.2f} deg       {within:2d}/{len(m)}    "
                      f"{f.min():.2f}-{f.max():.2f}")


if __name__ == "__main__":
    main()
