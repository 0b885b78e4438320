"""Result.plot(): the figure shows this pull - the stick figures are the pull's own posture
(the hand lands on the recorded bar, L4-L5 on the recorded L4-L5 position), and the curves
are its channels."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import spineload as sl
from spineload.plot import landmarks


def test_stick_figure_is_the_recorded_posture():
    r = sl.simulate("average_male", sl.Setup(load=120, lumbar_flexion_deg=20), rate=50)
    points = landmarks(r)
    assert np.allclose(points[:, 5], r.bar, atol=1e-9)  # the hand holds the bar
    assert np.allclose(points[:, 3], r.l4l5.position, atol=1e-9)
    assert np.allclose(points[:, 0], points[0, 0])  # the ankle stays put


def test_figure_shows_the_pull_and_saves(tmp_path):
    r = sl.simulate("average_female", sl.Setup(load=60), rate=50)
    fig = r.plot(tmp_path / "pull.png")
    assert (tmp_path / "pull.png").stat().st_size > 10_000
    assert "average_female, 60 kg" in fig._suptitle.get_text()
    titles = [ax.get_title() for ax in fig.axes]
    assert [t.split(",")[0] for t in titles[:4]] == ["start", "liftoff", "knee", "lockout"]
    moment_axis = next(ax for ax in fig.axes if ax.get_title().startswith("L4-L5 moment"))
    assert np.array_equal(moment_axis.lines[0].get_ydata(), r.l4l5.moment)
    # the lever drawn at lockout is the bar's horizontal distance ahead of L4-L5
    lockout = fig.axes[3]
    assert f"{100 * r.summary['lockout_lever']:.0f} cm" in lockout.texts[0].get_text()


def test_a_pull_that_never_lifted_has_nothing_to_draw():
    r = sl.simulate("average_male", sl.Setup(load=400))
    with pytest.raises(ValueError, match="no samples"):
        r.plot()
