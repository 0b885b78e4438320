"""Training sessions through every interface: sl.session, the command line and the file
(docs/model.md 5.9, docs/files.md 11)."""

import json
import subprocess

import numpy as np
import pandas as pd
import pytest

import spineload as sl


def _assert_same_table(frame, *others):
    """Every other table has frame's columns, in order, and its values exactly."""
    for other in others:
        assert list(other.columns) == list(frame.columns)
        assert len(other) == len(frame)
    for name in frame.columns:
        a = frame[name].to_numpy()
        for other in others:
            b = other[name].to_numpy()
            if frame[name].dtype.kind in "fi":
                assert np.allclose(a, b.astype(float), rtol=0, atol=0, equal_nan=True), name
            else:
                assert [str(x) for x in a] == [str(x) for x in b], name


def test_the_command_line_python_and_the_file_hold_the_same_reps(cli_path, tmp_path):
    path = tmp_path / "session.h5"
    frame = sl.session("average_male", "conventional", sets=2, reps=6, rest=60, load="90%",
                       path=path)
    run = subprocess.run([cli_path, "session", "--load", "90%", "--sets", "2", "--reps", "6",
                          "--rest", "60", "--json"], capture_output=True, text=True)
    assert run.returncode == 4, run.stderr  # not every rep completed
    printed = json.loads(run.stdout)
    from_cli = pd.DataFrame(printed["reps"])
    from_file = sl.load(path)
    assert len(frame) == 9  # 6 + 3 attempted
    _assert_same_table(frame, from_cli, from_file)
    assert frame.attrs["status"] == printed["status"] == from_file.attrs["status"]
    assert frame.attrs["reps_completed"] == printed["reps_completed"] == 7
    # LiFFT's day: the reps' damage summed (the two that never left the floor add nothing)
    for key in ("lifft_damage", "lifft_risk"):
        assert frame.attrs[key] == printed[key] == from_file.attrs[key]
    assert frame.attrs["lifft_damage"] == pytest.approx(frame.lifft_damage.sum(), rel=1e-12)
    assert list(frame.lifft_damage[frame.load_moment.isna()]) == [0.0, 0.0]
    # the load was 90% of the fresh one-rep max, found at the session's own tempo
    assert frame.attrs["one_rep_max"] == pytest.approx(
        sl.one_rep_max("average_male", sl.Setup(lowering=False))["one_rep_max"])
    assert frame.attrs["setup"]["load"] == pytest.approx(0.9 * frame.attrs["one_rep_max"])
    assert list(sl.load(path, columns=["rep", "peak_moment"]).columns) == ["rep", "peak_moment"]


def test_a_rep_starts_where_the_one_before_ended_plus_the_pause():
    frame = sl.session("average_male", "conventional", sets=2, reps=3, tempo=(3, 1.5, 2),
                       load=100, rest=30)
    assert frame.attrs["setup"]["duration"] == 3 and frame.attrs["setup"]["lowering_duration"] == 1.5
    assert frame.attrs["session"]["pause"] == 2
    first = frame[frame.set == 1]
    # a rep lasts its pull up and down (4.5 s planned, on the plan at 100 kg) plus the pause
    assert np.allclose(np.diff(first.start), 4.5 + 2, atol=0.02)
    second_set_start = frame[frame.set == 2].start.iloc[0]
    assert second_set_start == pytest.approx(first.start.iloc[-1] + 4.5 + 30, abs=0.02)
    # each joint tires through a set and recovers in the rest: set 2 starts stronger than
    # straight after set 1
    assert (np.diff(first.capacity_hip) < 0).all()
    no_rest = sl.session("average_male", "conventional", sets=2, reps=3, tempo=(3, 1.5, 2),
                         load=100, rest=0)
    assert (frame[frame.set == 2].capacity_hip.iloc[0]
            > no_rest[no_rest.set == 2].capacity_hip.iloc[0] + 0.001)


@pytest.mark.parametrize("kwargs, field", [
    ({"sets": 0}, "sets"), ({"reps": 2.5}, "reps"), ({"rest": -1}, "rest"),
    ({"tempo": (2, 1)}, "tempo"), ({"tempo": (2, 2, 1), "pause": 2}, "tempo"),
    ({"tempo": (2, 2, -1)}, "pause"), ({"load": -5}, "load"), ({"tempo": "3-3"}, 'tempo = "3-3"'),
    ({"tempo": "a-b-c"}, "tempo"), ({"load": "0%"}, "load")])
def test_bad_input_names_its_field(kwargs, field):
    with pytest.raises(sl.InputError, match=field):
        sl.session("average_male", "conventional", **kwargs)


def test_a_tempo_reads_as_on_the_command_line():
    written = sl.session("average_male", "conventional", sets=1, reps=2, tempo="3-1.5-2",
                         load=100)
    typed = sl.session("average_male", "conventional", sets=1, reps=2, tempo=(3, 1.5, 2),
                       load=100)
    assert written.attrs["setup"] == typed.attrs["setup"]
    assert written.attrs["session"] == typed.attrs["session"]
    assert written.start.tolist() == typed.start.tolist()


def test_a_carry_is_not_a_session():
    with pytest.raises(sl.InputError, match="motion"):
        sl.session("average_male", "farmer_carry")


def test_a_file_from_before_cumulative_compression_reads_it_as_nan(tmp_path):
    import h5py

    path = tmp_path / "old.h5"
    result = sl.simulate("average_male", sl.Setup(duration=0.5), rate=20)
    assert result.summary["cumulative_compression"] > 0
    result.save(path)
    with h5py.File(path, "a") as f:  # as 0.3.0 wrote it
        del f.attrs["cumulative_compression"]
    old = sl.load(path)
    assert old.summary["cumulative_compression"] is None  # NaN, as the summary gives it
    assert old.summary["peak_compression"] == result.summary["peak_compression"]


def test_a_session_file_from_before_lifft_reads_it_as_nan(tmp_path):
    import h5py

    path = tmp_path / "old.h5"
    frame = sl.session(sets=1, reps=2, load=100, path=path)
    with h5py.File(path, "a") as f:  # as sessions were written before LiFFT
        del f.attrs["lifft_damage"], f.attrs["lifft_risk"]
        for name in ("lifft_damage", "peak_lever", "peak_lever_time", "load_moment"):
            del f["reps"][name]
    old = sl.load(path)
    assert np.isnan(old.attrs["lifft_damage"]) and np.isnan(old.attrs["lifft_risk"])
    assert old.lifft_damage.isna().all() and old.load_moment.isna().all()
    assert list(old.peak_compression) == list(frame.peak_compression)


@pytest.mark.parametrize("setup", [
    sl.Setup(load=100),                      # on its plan
    sl.Setup(load=100, lowering=True),       # up and down again
    sl.Setup.preset("rdl"),                  # lowered from the hang, then raised
    sl.Setup(load=125),                      # grinds: integrated where strength binds
    sl.Setup(load=125, bar_drift=0.10),      # fails: the channels end at the bar's highest
], ids=["plan", "lowered", "rdl", "grind", "failed"])
def test_cumulative_compression_is_the_integral_of_the_recorded_compression(setup):
    result = sl.simulate("average_male", setup)
    compression, time = result.l4l5.compression, result.time
    expected = float(np.sum(0.5 * (compression[1:] + compression[:-1]) * np.diff(time)))
    assert result.summary["cumulative_compression"] == pytest.approx(expected, rel=1e-12)
    assert expected > 0


def test_a_pull_that_never_leaves_the_floor_has_no_cumulative_compression():
    result = sl.simulate("average_male", sl.Setup(load=200))
    assert not result.summary["completed"] and result.samples == 0
    assert result.summary["cumulative_compression"] is None  # NaN


def test_an_rdl_session_holds_the_bar_at_the_top_between_reps():
    # held at the top between reps, 20 s tires the hip more than 1 s; with a pull's bar on the
    # floor between reps, 20 s rests it more than 1 s
    def hip_at_rep_2(setup, pause):
        frame = sl.session("average_male", setup, sets=1, reps=2, load=90, pause=pause)
        assert frame.attrs["completed"]
        return frame["capacity_hip"].to_numpy()[1]

    assert hip_at_rep_2("rdl", 20) < hip_at_rep_2("rdl", 1) - 0.01
    assert hip_at_rep_2("conventional", 20) > hip_at_rep_2("conventional", 1)


def test_a_program_is_the_same_through_python_the_command_line_and_its_file(cli_path, tmp_path):
    path = tmp_path / "program.h5"
    frame = sl.program("average_male", "conventional", weeks=8, progression=5, sets=2, reps=3,
                       load="80%", path=path)
    run = subprocess.run([cli_path, "session", "--load", "80%", "--sets", "2", "--reps", "3",
                          "--weeks", "8", "--progression", "5", "--json"],
                         capture_output=True, text=True)
    assert run.returncode == 4, run.stderr  # the progression outran the lifter
    printed = json.loads(run.stdout)
    from_cli = pd.DataFrame(printed["weeks"])
    from_file = sl.load(path)
    assert list(frame.columns) == list(sl._core.program_columns())
    _assert_same_table(frame, from_cli, from_file)
    # every week but the last completed; each week's load is the first's plus 5% of it a week
    weeks = len(frame)
    assert frame.attrs["weeks_completed"] == printed["weeks_completed"] == weeks - 1
    assert list(frame.completed) == [True] * (weeks - 1) + [False]
    assert np.allclose(frame.load, frame.load[0] * (1 + 0.05 * np.arange(weeks)), rtol=1e-12)
    assert np.allclose(frame.load_percent, 80 * (1 + 0.05 * np.arange(weeks)), rtol=1e-12)
    # the week that failed is the session that fails at its load on its own
    last = sl.session("average_male", "conventional", sets=2, reps=3, load=frame.load.iloc[-1])
    assert not last.attrs["completed"]
    assert frame.reps_completed.iloc[-1] == last.attrs["reps_completed"]
    assert frame.attrs["program"] == from_file.attrs["program"] == {
        "weeks": 8, "sessions_per_week": 2, "progression": 5}
    assert list(sl.load(path, columns=["week", "load"]).columns) == ["week", "load"]


@pytest.mark.parametrize("kwargs, field", [
    ({"weeks": 0}, "weeks"), ({"sessions_per_week": 8}, "sessions_per_week"),
    ({"progression": -1}, "progression"), ({"weeks": 2.5}, "weeks")])
def test_a_bad_program_names_its_field(kwargs, field):
    with pytest.raises(sl.InputError, match=field):
        sl.program("average_male", "conventional", **kwargs)
