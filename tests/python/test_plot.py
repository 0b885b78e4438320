"""Result.plot(): the figure shows this pull - the stick figures are the pull's own posture
(the hand lands on the recorded bar, L4-L5 on the recorded L4-L5 position), and the curves
are its channels."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import spineload as sl
from spineload.plot import _figure, landmarks


def test_stick_figure_is_the_recorded_posture():
    r = sl.simulate("average_male", sl.Setup(load=120, lumbar_flexion_deg=20), rate=50)
    points = landmarks(r)
    assert np.allclose(points[:, 5], r.bar, atol=1e-9)  # the hand holds the bar
    assert np.allclose(points[:, 3], r.l4l5.position, atol=1e-9)
    assert np.allclose(points[:, 0], points[0, 0])  # the ankle stays put


def test_a_front_carry_is_drawn_with_its_elbows_bent():
    r = sl.simulate("average_male", "front_carry", rate=20)
    points = landmarks(r)
    assert np.allclose(points[:, 5], r.bar, atol=1e-9)  # the hands hold the load at the chest
    assert np.allclose(points[:, 3], r.l4l5.position, atol=1e-9)
    figure = _figure(r, points)  # the elbow drawn between shoulder and hands
    shoulder, elbow, hands = figure[:, 4], figure[:, 5], figure[:, 6]
    assert np.allclose(elbow[:, 0], shoulder[:, 0], atol=1e-9)  # upper arm plumb
    assert np.allclose(elbow[:, 1], hands[:, 1], atol=1e-9)  # forearm level
    straight = sl.model("average_male").loc["arm", "length"]
    bent = (np.linalg.norm(elbow - shoulder, axis=1) + np.linalg.norm(hands - elbow, axis=1))
    assert np.allclose(bent, straight, atol=1e-9)  # the same arm, bent
    # a pull's figure is its landmarks
    pull = sl.simulate("average_male", rate=20)
    assert _figure(pull, landmarks(pull)).shape == landmarks(pull).shape


def test_figure_shows_the_pull_and_saves(tmp_path):
    r = sl.simulate("average_female", sl.Setup(load=60), rate=50)
    fig = r.plot(tmp_path / "pull.png")
    assert (tmp_path / "pull.png").stat().st_size > 10_000
    assert "average_female, 60 kg" in fig._suptitle.get_text()
    titles = [ax.get_title() for ax in fig.axes]
    assert [t.split(",")[0] for t in titles[:4]] == ["start", "liftoff", "knee", "lockout"]
    moment_axis = next(ax for ax in fig.axes if ax.get_title().startswith("moment"))
    drawn = {line.get_label(): line.get_ydata() for line in moment_axis.lines}
    assert np.array_equal(drawn["L4-L5"], r.l4l5.moment)
    assert np.array_equal(drawn["L5-S1"], r.l5s1.moment)
    # the lever drawn at lockout is the bar's horizontal distance ahead of L4-L5
    lockout = fig.axes[3]
    assert f"{100 * r.summary['lockout_lever']:.0f} cm" in lockout.texts[0].get_text()


def test_a_pull_that_never_lifted_has_nothing_to_draw():
    r = sl.simulate("average_male", sl.Setup(load=400))
    with pytest.raises(ValueError, match="no samples"):
        r.plot()


def test_a_failed_pull_shows_where_it_failed():
    r = sl.simulate("average_male", sl.Setup(load=125, bar_drift=0.1))
    assert not r.summary["completed"] and r.samples > 0
    fig = r.plot()
    failed = [ax for ax in fig.axes if ax.get_title().startswith("FAILED here")]
    assert len(failed) == 1 and f"{r.time[-1]:.2f} s" in failed[0].get_title()
    # the stick figure there is the last recorded posture
    body = failed[0].lines[1]
    assert np.allclose(body.get_xydata(), landmarks(r)[-1])
    # the title names the setup's choices and the whole status, wrapped rather than cut
    title = fig._suptitle.get_text()
    assert "drift 10 cm" in title and "NOT COMPLETED" in title
    assert " ".join(title.split()).endswith(" ".join(r.summary["status"].split()))


def test_animation_frames_are_the_pull(tmp_path):
    r = sl.simulate("average_male", sl.Setup(load=100), rate=50)
    animation = r.animate(fps=10)
    html = animation._repr_html_()
    # one frame per 0.1 s of the pull, from the start to its last sample
    frames = animation.frames
    assert frames[0] == 0 and frames[-1] == r.samples - 1  # the lockout is always drawn
    steps = np.diff(r.time[frames])[:-1]
    assert np.allclose(steps, 0.1, atol=0.021) and np.diff(r.time[frames])[-1] <= 0.1 + 1e-9
    assert html.count("frames[") >= len(frames)
    # each frame draws the recorded posture and lever of its sample
    k = frames[len(frames) // 2]
    body, bar, lever, label, _ = animation.draw(k)
    assert np.allclose(body.get_xydata(), landmarks(r)[k])
    assert np.allclose(bar.get_xydata()[0], r.bar[k])
    assert f"lever {100 * (r.bar[k, 0] - r.l4l5.position[k, 0]):.0f} cm" in label.get_text()
    animation.save(tmp_path / "pull.gif")
    assert (tmp_path / "pull.gif").read_bytes()[:3] == b"GIF"
    with pytest.raises(sl.InputError, match="exists"):
        animation.save(tmp_path / "pull.gif")


def test_sweep_plot_draws_completed_pulls_only():
    df = sl.sweep("average_male", {"bar_offset": [0.0, 0.03, 0.06, 0.09], "load": [60, 110]},
                  threads=2)
    fig = sl.plot_sweep(df, x="bar_offset", y="peak_compression", lines="load")
    ax = fig.axes[0]
    for load in (60, 110):
        rows = df[(df.load == load) & df.completed.astype(bool)].sort_values("bar_offset")
        line = next(l for l in ax.lines if l.get_label() == f"load = {load:g}")
        assert np.array_equal(line.get_ydata(), rows.peak_compression.to_numpy())
    assert (~df.completed.astype(bool)).any() and "did not complete" in ax.get_title()
    with pytest.raises(sl.InputError, match="not a column"):
        sl.plot_sweep(df, x="bar_ofset", y="peak_compression")


def test_session_plot_draws_the_table_and_no_failed_rep_as_a_load(tmp_path):
    frame = sl.session(sets=2, reps=6, load="90%", rest=60)  # 5 then 2 reps, 2 failures
    fig = sl.plot_session(frame, tmp_path / "session.png")
    assert (tmp_path / "session.png").stat().st_size > 0
    strength, lockout, compression = fig.axes
    # one line per joint, each point a rep's start (minutes) and the strength left (%)
    assert len(strength.lines) == 5
    hip = strength.lines[2]
    assert np.allclose(hip.get_xdata(), frame.start / 60)
    assert np.allclose(hip.get_ydata(), 100 * frame.capacity_hip)
    # the completed reps' lockout times and compressions, each set its own line; the failed
    # reps only as an x on the axis
    done = frame[frame.completed]
    for ax, column in ((lockout, "lockout_time"), (compression, "peak_compression")):
        drawn = np.concatenate([line.get_ydata() for line in ax.lines[:-1]])
        assert np.allclose(drawn, done[column])
        assert len(ax.lines[-1].get_xdata()) == (~frame.completed).sum() == 2
        assert np.all(ax.lines[-1].get_ydata() == 0)
    assert "7 of 12 planned reps completed (9 attempted)" in strength.get_title()
    with pytest.raises(sl.InputError, match="session"):
        sl.plot_session(frame.drop(columns=["lockout_time"]))
    matplotlib.pyplot.close("all")


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".svg", b"<?xml"),
                                           (".pdf", b"%PDF")])
def test_plot_command_writes_the_requested_format(cli_path, tmp_path, suffix, magic):
    import os
    import subprocess
    import sys

    pull = tmp_path / "pull.h5"
    subprocess.run([cli_path, "simulate", "--out", str(pull)], check=True, capture_output=True)
    env = dict(os.environ, SPINELOAD_PYTHON=sys.executable)
    out = tmp_path / f"pull{suffix}"
    run = subprocess.run([cli_path, "plot", str(pull), "--out", str(out)], env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert out.read_bytes()[:len(magic)] == magic and out.stat().st_size > 10_000
    # an existing image is kept without --force; a wrong suffix is refused before drawing
    before = out.read_bytes()
    run = subprocess.run([cli_path, "plot", str(pull), "--out", str(out)], env=env,
                         capture_output=True, text=True)
    assert run.returncode == 2 and "--force" in run.stderr and out.read_bytes() == before
    run = subprocess.run([cli_path, "plot", str(pull), "--out", str(tmp_path / "x.jpg")],
                         env=env, capture_output=True, text=True)
    assert run.returncode == 2 and "--out" in run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pull.h5", f"pull{suffix}"]


def test_plot_command_draws_a_sweep(cli_path, tmp_path):
    import os
    import subprocess
    import sys

    spec = tmp_path / "spec.toml"
    spec.write_text('[lifter]\npreset = "average_male"\n[grid]\nbar_offset = [0.0, 0.04]\n'
                    "load = [80, 100]\n")
    subprocess.run([cli_path, "sweep", str(spec), "--out", str(tmp_path / "s.h5")], check=True,
                   capture_output=True)
    env = dict(os.environ, SPINELOAD_PYTHON=sys.executable)
    run = subprocess.run([cli_path, "plot", str(tmp_path / "s.h5")], env=env,
                         capture_output=True, text=True)
    assert run.returncode == 2 and "--x" in run.stderr
    run = subprocess.run([cli_path, "plot", str(tmp_path / "s.h5"), "--x", "bar_offset",
                          "--lines", "load"], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "s.png").stat().st_size > 10_000


def test_plot_command_draws_a_session_and_refuses_a_program(cli_path, tmp_path):
    import os
    import subprocess
    import sys

    env = dict(os.environ, SPINELOAD_PYTHON=sys.executable)
    session, program = tmp_path / "session.h5", tmp_path / "program.h5"
    subprocess.run([cli_path, "session", "--load", "80%", "--sets", "2", "--reps", "2",
                    "--out", str(session)], check=True, capture_output=True)
    run = subprocess.run([cli_path, "plot", str(session)], env=env, capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "session.png").stat().st_size > 10_000
    subprocess.run([cli_path, "session", "--load", "80%", "--sets", "1", "--reps", "2",
                    "--weeks", "2", "--out", str(program)], check=True, capture_output=True)
    run = subprocess.run([cli_path, "plot", str(program)], env=env, capture_output=True,
                         text=True)
    assert run.returncode == 2 and "program" in run.stderr
    assert not (tmp_path / "program.png").exists()
