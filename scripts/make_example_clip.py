"""Writes python/spineload/examples/filmed_deadlift.csv, the filmed lift the notebook "Film your
lift" and the README analyse: a SYNTHETIC clip. No real video ships with spineload, so this is
a simulated pull (average_male, 100 kg, the hips rising early and the bar drifting 5 cm forward
at the knee) filmed as a phone would see it from the lifter's left: 60 frames/s, 500 px/m,
2 px of noise, a wrist now and then not found. Its truth is the simulation, which the notebook
shows beside the analysis.

    PYTHONPATH=... python scripts/make_example_clip.py
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "python"))
import filming  # noqa: E402
import spineload as sl  # noqa: E402

SETUP = sl.Setup(name="hips up, bar drifting", load=100, coordination=0.6, bar_drift=0.05)


def main() -> None:
    out = ROOT / "python" / "spineload" / "examples" / "filmed_deadlift.csv"
    out.parent.mkdir(exist_ok=True)
    film = filming.film(SETUP, fps=60.0)
    filming.write_csv(film, out, facing="left", bar=True, seed=11)
    text = out.read_text().replace(
        "# filmed by tests/python/filming.py",
        "# SYNTHETIC: a simulated pull filmed by scripts/make_example_clip.py (no real video)\n"
        "# average_male, 100 kg, coordination 0.6, bar_drift 0.05 m; 60 fps, 500 px/m, 2 px noise,"
        " lifter facing left")
    out.write_text(text)
    print(f"{out}: {film.frames} frames")


if __name__ == "__main__":
    main()
