"""The Python package against the C++ CLI, itself, and the contract in docs/files.md."""

import itertools
import json
import pickle
import subprocess
import sys
import threading
import time

import h5py
import numpy as np
import pandas as pd
import pytest
import spineload as sl

MALE = sl.Lifter.preset("average_male")


def test_summary_equals_cli_to_the_last_digit(cli_path):
    out = subprocess.run([cli_path, "simulate", "--json", "--bar-offset", "0.03",
                          "--trunk-angle", "28", "--load", "120"],
                         capture_output=True, text=True, check=False)
    cli = json.loads(out.stdout)
    assert out.returncode == (0 if cli["completed"] else 4)  # exit 4: the pull did not complete
    setup = sl.Setup.preset("conventional")
    setup.bar_offset, setup.trunk_angle_deg, setup.load = 0.03, 28.0, 120.0
    py = sl.simulate(MALE, setup).summary
    for key in ("completed", "peak_moment", "peak_compression", "peak_anterior_shear",
                "peak_extensor_force", "peak_moment_time", "start_angles_deg", "start_landmarks"):
        assert py[key] == cli[key], key


def test_sweep_equals_pulls_run_one_by_one():
    grid = {"bar_offset": [0.0, 0.04], "load": [60, 120]}
    frame = sl.sweep(MALE, grid, threads=2)
    assert len(frame) == 4
    for _, row in frame.iterrows():
        setup = sl.Setup(bar_offset=row["bar_offset"], load=row["load"])
        single = sl.simulate(MALE, setup).summary
        for key in ("peak_moment", "peak_compression"):  # NaN in the table is None (null) here
            assert row[key] == single[key] or (pd.isna(row[key]) and single[key] is None), key
        assert row["completed"] == single["completed"]


def test_grid_sweep_equals_the_same_setups_listed():
    # a grid and the same setups listed go through the one sweep engine by different specs:
    # the frames must agree column for column, dtypes included (bool and int axes too)
    female = sl.Lifter.preset("average_female")
    female.thigh_ratio = 0.25
    grid = {"bar_offset": [0.0, 0.03], "lowering": [False, True], "load": [80, 100]}
    by_grid = sl.sweep([MALE, female], grid, threads=2)
    listed = [sl.Setup(bar_offset=b, lowering=w, load=float(x))
              for b, w, x in itertools.product(*grid.values())]
    by_list = pd.concat([sl.sweep(lifter, listed, threads=2) for lifter in (MALE, female)],
                        ignore_index=True).rename_axis("pull")
    pd.testing.assert_frame_equal(by_grid, by_list)


def test_sweep_keeps_going_past_an_impossible_setup():
    setups = [sl.Setup(), sl.Setup(bar_offset=-0.12), sl.Setup(load=60)]
    frame = sl.sweep(MALE, setups)
    assert list(frame["error"] != "") == [False, True, False]
    assert "bar_offset" in frame["error"][1]
    assert frame["completed"][0] and frame["completed"][2]


def test_sweep_to_hdf5_streams_every_row_and_counts_the_outcomes(tmp_path):
    # bar offsets: ok, impossible (shank through the bar), ok, too hard (hip gives out)
    offsets = [0.0, -0.12, 0.02, 0.10]
    path = tmp_path / "sweep.h5"
    counts = sl.sweep_to_hdf5(path, sl.Lifter.preset("average_male"), sl.Setup(),
                              {"bar_offset": offsets}, threads=2)
    assert counts == {"count": 4, "rows": 4, "resumed": 0, "completed": 2, "failed": 1,
                      "errors": 1, "interrupted": False}
    frame = sl.sweep(sl.Lifter.preset("average_male"), {"bar_offset": offsets}, threads=2)
    with h5py.File(path) as f:
        assert {k: int(f.attrs[k]) for k in ("count", "completed", "failed", "errors")} == {
            k: counts[k] for k in ("count", "completed", "failed", "errors")}
        assert f.attrs["axes"] == "bar_offset" and f.attrs["complete"]
        assert f["summary/completed"].dtype == bool and f["index"].dtype == np.uint64
        assert np.isnan(f["summary/peak_moment"][1])  # the impossible setup has no numbers
        assert f["options"].attrs["rtol"] == sl.SimulationOptions().rtol  # self-describing
        assert f["summary/peak_moment"].attrs["unit"] == "N*m"
        assert f["inputs/setup/bar_offset"].attrs["unit"] == "m"
        np.testing.assert_array_equal(f["inputs/setup/bar_offset"][:], offsets)
        errors = [e.decode() if isinstance(e, bytes) else e for e in f["error"][:]]
        assert [bool(e) for e in errors] == [False, True, False, False]
        ran = frame["error"] == ""
        np.testing.assert_array_equal(f["summary/peak_moment"][:][ran.to_numpy()],
                                      frame.loc[ran, "peak_moment"].to_numpy())
    assert not (tmp_path / "sweep.h5.partial").exists()


def test_sweep_series_in_the_file_equal_the_pulls_run_one_by_one(tmp_path):
    offsets = [0.0, -0.12, 0.03]  # the impossible middle row has no samples
    path = tmp_path / "series.h5"
    sl.sweep_to_hdf5(path, MALE, sl.Setup(duration=1.5), {"bar_offset": offsets},
                     threads=2, series=True)
    with h5py.File(path) as f:
        pull = f["series/pull"][:]
        assert sorted(set(pull.astype(int))) == [0, 2]
        for row in (0, 2):
            alone = sl.simulate(MALE, sl.Setup(duration=1.5, bar_offset=offsets[row]))
            mine = pull == row
            np.testing.assert_array_equal(f["series/time"][:][mine], alone.time)
            np.testing.assert_array_equal(f["series/l4l5_compression"][:][mine],
                                          alone.l4l5.compression)
            np.testing.assert_array_equal(f["series/q_hip"][:][mine], alone.q[:, 2])
        assert f["series/l4l5_moment"].attrs["unit"] == "N*m"
    # without series=True there is no /series group
    sl.sweep_to_hdf5(path, MALE, sl.Setup(), {"bar_offset": [0.0]}, overwrite=True)
    with h5py.File(path) as f:
        assert "series" not in f


def test_arrays_are_read_only_views_with_documented_shapes():
    result = sl.simulate(MALE, sl.Setup())
    n = result.samples
    assert result.time.shape == (n,) and result.q.shape == (n, 5) and result.bar.shape == (n, 2)
    assert result.l4l5.compression.shape == (n,) and result.l4l5.force.shape == (n, 2)
    assert not result.q.flags.writeable
    assert result.q.base is not None  # a view on the C++ buffer, not a copy
    assert np.max(result.l4l5.compression) == pytest.approx(result.summary["peak_compression"])
    frame = result.to_pandas()
    assert len(frame) == n and "l4l5_compression" in frame and "q_knee" in frame


def test_save_load_round_trip_and_h5py_layout(tmp_path):
    result = sl.simulate(MALE, sl.Setup(lumbar_flexion_deg=10, trunk_angle_deg=26))
    path = tmp_path / "pull.h5"
    result.save(path)
    assert not (tmp_path / "pull.h5.partial").exists()
    back = sl.load(path)
    assert back.summary == result.summary
    np.testing.assert_array_equal(back.q, result.q)
    with h5py.File(path, "r") as f:
        for name in ("time", "q", "qdot", "tau", "bar", "grf", "cop", "l4l5/moment",
                     "l4l5/compression", "l4l5/shear", "l4l5/force", "l4l5/extensor_force"):
            assert name in f, name
        assert f.attrs["peak_moment"] == result.summary["peak_moment"]
        assert f["setup"].attrs["lumbar_flexion_deg"] == 10.0
        assert isinstance(f.attrs["status"], str)


def test_a_file_from_before_a_field_existed_reads_with_its_default(tmp_path):
    result = sl.simulate(MALE, "band_forward")
    path = tmp_path / "pull.h5"
    result.save(path)
    with h5py.File(path, "a") as f:  # as a version without the forward band wrote it
        for name in ("band_forward", "band_anchor_height", "band_anchor_distance"):
            del f["setup"].attrs[name]
    back = sl.load(path).setup
    assert back.band_forward == 0.0 and back.band_anchor_distance == 1.5
    assert back.trunk_angle_deg == result.setup.trunk_angle_deg


def test_a_file_from_before_the_bar_path_and_lever_fields_reads_them_as_nan(tmp_path):
    path = tmp_path / "old.h5"
    result = sl.simulate("average_male", sl.Setup(duration=0.5), rate=20)
    result.save(path)
    newer = ("bar_inside_legs", "bar_inside_legs_time", "peak_lever", "peak_lever_time",
             "load_moment")
    with h5py.File(path, "a") as f:  # as files before these fields were written
        for name in newer:
            del f.attrs[name]
    old = sl.load(path)
    for name in newer:
        assert old.summary[name] is None, name  # NaN, as the summary gives it
    assert old.summary["peak_compression"] == result.summary["peak_compression"]


def test_load_of_a_missing_or_foreign_file_says_so(tmp_path):
    with pytest.raises(FileNotFoundError):
        sl.load(tmp_path / "missing.h5")
    foreign = tmp_path / "foreign.h5"
    with h5py.File(foreign, "w") as f:
        f["x"] = [1.0]
    with pytest.raises(sl.IoError, match="not a spineload result file"):
        sl.load(foreign)
    assert issubclass(sl.IoError, OSError)


def test_save_into_missing_directory_fails_cleanly(tmp_path):
    with pytest.raises(sl.InputError, match="does not exist"):
        sl.simulate(MALE, sl.Setup()).save(tmp_path / "nope" / "pull.h5")
    assert not list(tmp_path.iterdir())


def test_sweep_files_read_back_as_the_frame_sweep_returns(tmp_path):
    grid = {"bar_offset": [0.0, -0.12, 0.04], "load": [80, 120]}
    sl.sweep_to_hdf5(tmp_path / "s.h5", MALE, sl.Setup(), grid, threads=2)
    from_file = sl.load(tmp_path / "s.h5")
    direct = sl.sweep(MALE, grid, threads=2)
    pd.testing.assert_frame_equal(from_file, direct, check_dtype=False)
    assert from_file.attrs["axes"] == ["bar_offset", "load"] and from_file.attrs["complete"]
    # impossible setups: numbers NaN and flags missing, not 0 and True
    impossible = from_file["error"] != ""
    assert impossible.sum() == 2 and from_file.loc[impossible, "peak_moment"].isna().all()
    assert from_file["cop_inside_foot"].isna().sum() == 2
    # a few columns read alone are those columns of the whole, with `error`; the impossible
    # rows' flags are missing there too
    some = sl.load(tmp_path / "s.h5", columns=["cop_inside_foot", "peak_moment", "load"])
    assert list(some.columns) == ["load", "peak_moment", "cop_inside_foot", "error"]
    pd.testing.assert_frame_equal(some, from_file[some.columns], check_exact=True)
    with pytest.raises(sl.InputError, match="did you mean 'peak_moment'"):
        sl.load(tmp_path / "s.h5", columns=["peak_momnet"])
    sl.simulate(MALE, sl.Setup()).save(tmp_path / "one.h5")
    with pytest.raises(sl.InputError, match="one pull"):
        sl.load(tmp_path / "one.h5", columns=["load"])


@pytest.mark.parametrize("make, field", [
    (lambda: sl.Setup(trunk_angle_deg=120), "trunk_angle_deg"),
    (lambda: sl.Lifter(height=3.0), "height"),
    (lambda: sl.Lifter(sex="other"), "sex"),
    (lambda: sl.Setup(load="heavy"), "load"),
    (lambda: sl.Setup(bogus=1), "bogus"),
    (lambda: sl.simulate(MALE, sl.Setup(bar_offset=-0.12)), "bar_offset"),
    (lambda: sl.simulate(MALE, sl.Setup(), rate=0), "rate"),
    (lambda: sl.Setup.preset("no_such_setup"), "setup"),
])
def test_bad_input_raises_value_error_naming_the_field(make, field):
    with pytest.raises(ValueError) as info:
        make()
    assert str(info.value).startswith(field), str(info.value)
    assert isinstance(info.value, sl.InputError)


def test_range_is_in_the_message():
    with pytest.raises(ValueError, match=r"trunk_angle_deg = 120: allowed \[0, 85\] deg"):
        sl.Setup(trunk_angle_deg=120)


def test_inputs_dict_toml_pickle_repr_equality(tmp_path):
    setup = sl.Setup(load=140, bar_offset=0.02, coordination=0.3, lowering=True)
    assert sl.Setup.from_dict(setup.to_dict()) == setup
    path = tmp_path / "s.toml"
    setup.to_toml(path)
    assert sl.Setup.from_toml(path) == setup
    assert pickle.loads(pickle.dumps(setup)) == setup
    assert "bar_offset=0.02" in repr(setup)
    lifter = sl.Lifter(height=1.8, mass=85, sex="male", thigh_ratio=0.26)
    assert sl.Lifter.from_toml(lifter.to_toml()) == lifter
    assert setup != sl.Setup()


def test_model_frame_masses_add_up():
    frame = sl.model(MALE, load=100)
    body = frame.drop(index="bar")["mass"].sum()
    assert body == pytest.approx(73.0, rel=2e-4)
    assert frame.loc["bar", "mass"] == 100
    assert {"shank", "thigh", "pelvis", "trunk", "arm", "foot"} <= set(frame.index)


def test_gil_is_released_during_a_sweep():
    count = 0
    stop = threading.Event()

    def spin():
        nonlocal count
        while not stop.is_set():
            count += 1

    thread = threading.Thread(target=spin)
    thread.start()
    start = time.perf_counter()
    sl.sweep(MALE, {"load": list(range(40, 140)), "bar_offset": [0.0, 0.02]}, threads=1)
    elapsed = time.perf_counter() - start
    stop.set()
    thread.join()
    # a pure-Python loop runs millions of iterations a second; had the sweep held the GIL for
    # its whole duration the loop would have been frozen
    assert elapsed > 0.02
    assert count > 20000, (count, elapsed)


def test_python_dash_m_matches_the_cli_contract():
    ok = subprocess.run([sys.executable, "-m", "spineload", "simulate", "--json"],
                        capture_output=True, text=True)
    assert ok.returncode == 0 and json.loads(ok.stdout)["completed"]
    bad = subprocess.run([sys.executable, "-m", "spineload", "simulate", "--trunk-angle", "120"],
                         capture_output=True, text=True)
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0 and "trunk_angle_deg" in bad.stderr


def test_python_dash_m_compare_prints_what_the_cli_prints(cli_path):
    args = ["compare", "conventional", "conventional:bar_offset=0.05", "rounded", "--load", "90"]
    ours = subprocess.run([sys.executable, "-m", "spineload", *args], capture_output=True,
                          text=True, check=True)
    cli = subprocess.run([cli_path, *args], capture_output=True, text=True, check=True)
    assert ours.stdout == cli.stdout
    assert "conventional:bar_offset=0.05" in ours.stdout


def test_python_dash_m_model_prints_what_the_cli_prints(cli_path):
    for args in (["model", "--lifter", "average_female"], ["model", "--json"]):
        ours = subprocess.run([sys.executable, "-m", "spineload", *args], capture_output=True,
                              text=True, check=True)
        cli = subprocess.run([cli_path, *args], capture_output=True, text=True, check=True)
        assert ours.stdout == cli.stdout


def test_python_dash_m_sweep_reports_the_outcomes(tmp_path):
    spec = tmp_path / "spec.toml"
    spec.write_text('[lifter]\npreset = "average_male"\n[grid]\nbar_offset = [0.0, 0.10]\n')
    run = subprocess.run([sys.executable, "-m", "spineload", "sweep", str(spec), "--out",
                          str(tmp_path / "s.h5")], capture_output=True, text=True, check=True)
    assert "2 pulls in" in run.stdout
    assert "1 completed, 1 failed" in run.stdout


def test_a_walked_carry_swings_its_standing_loads_and_one_state_is_refused():
    """walking = True (docs/model.md 5.11): the front carry's L4-L5 moment is the standing one
    times the gait's vertical force at each sample, from Python as from C++; a single state has
    no gait phase, so the single-state functions refuse a walked setup naming the field."""
    stood = sl.simulate("average_male", sl.Setup.preset("front_carry"))
    walked_setup = sl.Setup.preset("front_carry")
    walked_setup.walking = True
    walked = sl.simulate("average_male", walked_setup)
    ratio = walked.l4l5.moment / stood.l4l5.moment
    assert ratio.max() == pytest.approx(1.2912, abs=2e-3)  # a heel strike
    assert ratio.min() == pytest.approx(0.7962, abs=2e-3)  # single-limb stance
    assert walked.summary["peak_compression"] > 1.28 * stood.summary["peak_compression"]
    q, zero = stood.q[0], np.zeros(5)
    for call in (lambda: sl._core.loads_of_state("average_male", walked_setup, q, zero, zero),
                 lambda: sl._core.inverse_dynamics("average_male", 40.0, q, zero, zero,
                                                   walked_setup),
                 lambda: sl._core.forward_dynamics("average_male", 40.0, q, zero, zero,
                                                   walked_setup)):
        with pytest.raises(ValueError, match="walking"):
            call()
