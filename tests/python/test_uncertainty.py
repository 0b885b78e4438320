"""Uncertainty bands from Python and the command line: sl.compare's frame, its reproducibility
from a seed, the narrowing of a band with its input's spread, the paired differences, the
picture, and compare --samples."""

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import spineload as sl


@pytest.fixture(scope="module")
def frame():
    return sl.compare(["conventional", "bar_forward"], "average_male", samples=60, seed=3)


def test_the_frame_has_a_band_and_a_difference_per_setup_and_quantity(frame):
    row = frame.loc[("conventional", "peak_moment")]
    # samples too weak to lift 100 kg (strength is drawn too) have no peak: not counted
    assert row["p05"] <= row["median"] <= row["p95"] and 48 <= row["count"] <= 60
    outcomes = frame.attrs["outcomes"]["conventional"]
    assert sum(outcomes.values()) == 60
    assert row.p05 < row.nominal < row.p95
    # the reference against itself: no difference in any sample
    assert row.diff_p05 == row.diff_p95 == 0 and row.differs is False
    # the bar far forward: most samples lift nothing (the nominal pull too), so no verdict
    forward = frame.loc[("bar_forward", "peak_moment")]
    assert forward.differs is pd.NA and forward.diff_count < 0.9 * 60
    assert frame.attrs["samples"] == 60 and frame.attrs["seed"] == 3
    assert {i["field"] for i in frame.attrs["inputs"]} >= {"balance_point", "extensor_moment_arm"}
    assert all(i["source"] for i in frame.attrs["inputs"])


def test_the_same_seed_gives_the_same_bands(frame):
    again = sl.compare(["conventional", "bar_forward"], "average_male", samples=60, seed=3,
                       threads=1)
    assert again.equals(frame)
    other = sl.compare(["conventional"], "average_male", samples=30, seed=4)
    assert other.loc[("conventional", "peak_moment"), "p95"] != \
        frame.loc[("conventional", "peak_moment"), "p95"]


def test_a_band_narrows_with_its_input(tmp_path):
    widths = []
    for half in (0.02, 0.005):
        spec = tmp_path / f"u{half}.toml"
        spec.write_text("[uncertainty]\nsamples = 30\ndefaults = false\n[uncertainty.inputs]\n"
                        f"balance_point = {{shift = [{-half}, {half}]}}\n")
        band = sl.compare(["conventional"], "average_male", uncertainty=spec).loc[
            ("conventional", "peak_compression")]
        widths.append(band.p95 - band.p05)
    assert widths[1] < 0.5 * widths[0]


def test_the_bands_are_drawn(frame, tmp_path):
    fig = sl.plot_bands(frame, path=tmp_path / "bands.png")
    assert (tmp_path / "bands.png").stat().st_size > 10_000
    assert len(fig.axes) == 3


def test_compare_with_samples_on_the_command_line():
    run = subprocess.run([sys.executable, "-m", "spineload", "compare", "conventional",
                          "rounded", "--samples", "60", "--seed", "2"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "60 samples (seed 2)" in out and "5% to 95%" in out
    line = next(l for l in out.splitlines() if l.strip().startswith("vs conventional"))
    assert "differs" in line
    bad = subprocess.run([sys.executable, "-m", "spineload", "compare", "conventional",
                          "--samples", "0"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "--samples" in bad.stderr


def test_bad_spreads_are_refused(tmp_path):
    spec = tmp_path / "u.toml"
    spec.write_text("[uncertainty]\n[uncertainty.inputs]\nheigth = {scale = [0.9, 1.1]}\n")
    with pytest.raises(sl.InputError, match="uncertainty.inputs.heigth"):
        sl.compare(["conventional"], uncertainty=spec)
    assert np.isfinite(sl.compare(["conventional"], samples=2).loc[("conventional",
                                                                      "peak_moment"), "median"])


def test_a_sweep_with_bands_keeps_its_nominal_rows_and_adds_bands(tmp_path):
    grid = {"bar_offset": [0.0, 0.03], "load": [80, 120]}
    plain = sl.sweep("average_male", grid, progress=False)
    banded = sl.sweep("average_male", grid, samples=20, seed=5, progress=False)
    # the nominal columns are the plain sweep's, bit for bit
    pd.testing.assert_frame_equal(banded[plain.columns], plain, check_exact=True)
    for q in ("peak_moment", "peak_compression"):
        lo, mid, hi = banded[f"{q}_p05"], banded[f"{q}_median"], banded[f"{q}_p95"]
        ok = lo.notna()
        assert ok.all() and (lo[ok] <= mid[ok]).all() and (mid[ok] <= hi[ok]).all()
    assert banded.attrs["samples"] == 20
    again = sl.sweep("average_male", grid, samples=20, seed=5, threads=1, progress=False)
    pd.testing.assert_frame_equal(again, banded, check_exact=True)
    fig = sl.plot_sweep(banded, x="bar_offset", y="peak_moment", lines="load",
                        path=tmp_path / "bands.png")
    assert len(fig.axes[0].collections) == 2  # a shaded band per line
