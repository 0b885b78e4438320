"""L5-S1 next to L4-L5 (docs/model.md 6.10): the channels in Python, one state's loads as the
pull recorded them, and files written before L5-S1 existed."""
import numpy as np
import pytest

import spineload as sl


def test_l5s1_sits_one_vertebra_below_l4l5_on_the_pelvis_line():
    result = sl.simulate("average_male", sl.Setup(), rate=20)
    q = result.q
    pelvis = np.pi / 2 - q[:, 0] + q[:, 1] - q[:, 2]  # eq. 3.1
    step = result.l4l5.position - result.l5s1.position
    assert np.allclose(np.hypot(step[:, 0], step[:, 1]), 0.040, atol=1e-12)
    assert np.allclose(np.arctan2(step[:, 1], step[:, 0]), pelvis, atol=1e-12)
    # the summary's peak is the channel's largest value
    assert result.summary["peak_l5s1_moment"] == pytest.approx(result.l5s1.moment.max(), rel=1e-12)
    frame = result.to_pandas()
    assert {"l5s1_moment", "l5s1_compression", "l5s1_shear", "l5s1_force_x"} <= set(frame.columns)


def test_one_state_gives_the_l5s1_loads_the_pull_recorded():
    setup = sl.Setup(lumbar_flexion_deg=20, iap_kpa=10)
    result = sl.simulate("average_male", setup, rate=20)
    for k in (0, 10, 30):
        loads = sl._core.loads_of_state("average_male", setup, result.q[k], result.qdot[k],
                                        result.qddot[k])["l5s1"]
        assert loads["moment"] == pytest.approx(result.l5s1.moment[k], rel=1e-9)
        assert loads["compression"] == pytest.approx(result.l5s1.compression[k], rel=1e-9)
        assert loads["shear"] == pytest.approx(result.l5s1.shear[k], rel=1e-9)
        assert np.allclose(loads["position"], result.l5s1.position[k], atol=1e-12)


def test_a_file_from_before_l5s1_reads_it_as_nan(tmp_path):
    import h5py

    path = tmp_path / "old.h5"
    result = sl.simulate("average_male", sl.Setup(duration=0.5), rate=20)
    result.save(path)
    with h5py.File(path, "a") as f:  # as files before L5-S1 were written
        del f["l5s1"]
        for name in [k for k in f.attrs if k.startswith("peak_l5s1")]:
            del f.attrs[name]
    old = sl.load(path)
    assert np.isnan(old.l5s1.moment).all() and len(old.l5s1.moment) == result.samples
    assert old.summary["peak_l5s1_compression"] is None  # NaN, as the summary gives it
    assert old.summary["peak_compression"] == result.summary["peak_compression"]
    assert np.array_equal(old.l4l5.compression, result.l4l5.compression)
