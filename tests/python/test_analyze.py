"""Filmed lifts: `sl.analyze`, `spineload analyze` and the keypoint readers (docs/files.md 8,
docs/model.md 9).

(i) A simulated pull "filmed" (tests/python/filming.py) in each format the readers take gives
    back its L4-L5 loads and joint angles.
(ii) Small sample files written by hand after each format's published layout
    (tests/data/keypoints/) are read exactly.
(iii) Malformed files are refused: exit 2 and one line naming the file (and the line), nothing
    written; InputError in Python.
"""

from __future__ import annotations

import functools
import json
import math
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Callable, NamedTuple

import numpy as np
import pytest

import spineload as sl
from spineload import _core

import filming as fm

DATA = Path(__file__).resolve().parents[1] / "data" / "keypoints"
IMAGE_SIZE = {"image_width": fm.IMAGE[0], "image_height": fm.IMAGE[1]}
BODY_25_EMPTY = '{"version":1.3,"people":[]}'  # an OpenPose frame with nobody in it


@functools.lru_cache(maxsize=None)
def filmed(setup: str, fps: float) -> fm.Film:
    return fm.film(setup, fps)


# ---------------------------------------------------------------------------------------------
# The helper's own check: its chain is the model's.


@pytest.mark.parametrize("setup", ["conventional", "rounded"])
@pytest.mark.parametrize("fps", [30, 60])
def test_filming_puts_the_hand_on_the_bar_and_l4l5_on_the_spine(setup, fps):
    f = filmed(setup, fps)
    assert fm.self_check(f) < 1e-9
    # the still frames first: the pull starts LEAD s into the clip
    assert f.lead_frames == round(fm.LEAD * fps)
    assert np.array_equal(f.q[: f.lead_frames + 1], np.repeat(f.q[:1], f.lead_frames + 1, 0))
    assert f.time[1] - f.time[0] == pytest.approx(1 / fps)


# ---------------------------------------------------------------------------------------------
# (i) Round trips: the loads and angles come back.


class Trip(NamedTuple):
    id: str
    setup: str
    fps: float
    write: Callable[[fm.Film, Path], Path]
    options: dict[str, Any]
    format: str
    side: str
    facing: str
    scale: str  # how analysis["scale"] starts
    lumbar: str  # how analysis["lumbar"] starts


TRIPS = [
    Trip("csv-60-right", "conventional", 60,
         lambda f, d: fm.write_csv(f, d / "lift.csv", facing="right"),
         {}, "csv", "mid", "right", "lifter", "held at 0 deg"),
    Trip("csv-rounded-l4l5-bar-30-left", "rounded", 30,
         lambda f, d: fm.write_csv(f, d / "rounded.csv", facing="left", l4l5=True, bar=True),
         {}, "csv", "mid", "left", "lifter", "fitted to the l4l5 point"),
    Trip("mediapipe-30-left", "conventional", 30,
         lambda f, d: fm.write_mediapipe(f, d / "pose.csv", facing="left", near="left"),
         {"fps": 30, **IMAGE_SIZE}, "mediapipe", "left", "left", "lifter", "held"),
    Trip("sports2d-px-trc-60-right", "conventional", 60,
         lambda f, d: fm.write_trc_px(f, d / "lift_Sports2D_px.trc", facing="right"),
         {}, "trc", "right", "right", "lifter", "held"),
    Trip("metric-3d-trc-60", "conventional", 60,
         lambda f, d: fm.write_trc_3d(f, d / "lift.trc", heading_deg=30.0),
         {}, "trc", "right", "right", "metres", "held"),
    Trip("openpose-30-left", "conventional", 30,
         lambda f, d: fm.write_openpose(f, d / "json", facing="left", side="L"),
         {"fps": 30}, "openpose", "left", "left", "lifter", "held"),
    Trip("mot-60", "conventional", 60,
         lambda f, d: fm.write_mot(f, d / "ik.mot"),
         {}, "mot", "right", "right", "joint angles", "from the file"),
    Trip("mot-rounded-30", "rounded", 30,
         lambda f, d: fm.write_mot(f, d / "rounded.mot"),
         {}, "mot", "right", "right", "joint angles", "from the file"),
]


def recovered(f: fm.Film, result: sl.Result) -> tuple[float, float, np.ndarray]:
    """Peak moment and compression relative errors, and each joint's RMS angle error (deg)
    over the part analysed: its clock starts at analysis['start_time'] of the clip, and the
    clip's frames (still ones first) hold the truth."""
    truth = f.truth.summary
    moment = result.summary["peak_moment"] / truth["peak_moment"] - 1
    compression = result.summary["peak_compression"] / truth["peak_compression"] - 1
    start = int(round(result.analysis["start_time"] * f.fps))
    measured = np.asarray(result.q)
    true = f.q[start:start + len(measured)]
    assert len(true) == len(measured)
    rms = np.degrees(np.sqrt(np.mean((measured - true) ** 2, axis=0)))
    return moment, compression, rms


@pytest.mark.parametrize("trip", TRIPS, ids=[t.id for t in TRIPS])
def test_a_filmed_pull_gives_back_its_loads(tmp_path, trip):
    f = filmed(trip.setup, trip.fps)
    path = trip.write(f, tmp_path)
    result = sl.analyze(path, "average_male", load=100, **trip.options)
    a = result.analysis
    moment, compression, rms = recovered(f, result)
    where = (f"{trip.id}: moment {100 * moment:+.2f}% compression {100 * compression:+.2f}% "
             f"angles RMS {np.round(rms, 2)} deg, start {a['start_time']:.3f} s, "
             f"cutoff {a['cutoff']} Hz\n{a['text']}")
    assert abs(moment) < 0.05, where
    assert abs(compression) < 0.05, where
    assert rms.max() < 3.0, where
    assert result.summary["completed"], result.summary["status"]

    # what the report says
    assert result.source == f"measured: {path}"
    assert a["path"] == str(path)
    assert a["format"] == trip.format
    assert a["side"] == trip.side
    assert a["facing"] == trip.facing
    assert a["scale"].startswith(trip.scale), a["scale"]
    assert a["lumbar"].startswith(trip.lumbar), a["lumbar"]
    assert a["frames"] == f.frames
    assert a["fps"] == pytest.approx(trip.fps)
    assert isinstance(a["notes"], list) and all(isinstance(n, str) for n in a["notes"])
    assert isinstance(a["text"], str) and a["text"]
    # the part analysed: from where the bar leaves its resting height (2 mm up: the pull
    # started at LEAD s; the filter smears its start over a few frames) to the clip's end
    # (never set down)
    assert fm.LEAD - 0.1 <= a["start_time"] <= fm.LEAD + 0.2, where
    assert a["end_time"] == pytest.approx(f.time[-1])
    assert np.asarray(result.time)[0] == 0.0
    assert len(np.asarray(result.time)) == round((a["end_time"] - a["start_time"]) * f.fps) + 1
    if trip.format != "mot":
        fitted = [v for v in a["rms_residual"].values() if np.isfinite(v)]
        assert fitted and max(fitted) < 0.01, a["rms_residual"]
        assert 0 < a["cutoff"] < 0.4 * trip.fps
        assert abs(a["tilt_deg"]) < 1.0
    if trip.scale == "lifter":
        # 500 px/m in the film
        assert a["metres_per_unit"] == pytest.approx(1 / fm.PX_PER_M, rel=0.02)
    if trip.scale == "metres":
        # the plane the lifter moves in found at 30 deg from X: the segments keep their length
        assert any("30 deg" in n for n in a["notes"]), a["notes"]
        for name, length in a["model_length"].items():
            assert a["video_length"][name] == pytest.approx(length, abs=0.01), name


def test_a_filmed_pull_through_the_command_line(cli_path, tmp_path):
    """The CLI analyses the file as Python does, prints the analysis with --json and writes
    --out."""
    f = filmed("conventional", 30)
    fm.write_mediapipe(f, tmp_path / "pose.csv", facing="left", near="left")
    run = subprocess.run([cli_path, "analyze", "pose.csv", "--load", "100", "--fps", "30",
                          "--image-size", "1920x1080", "--json", "--out", "out.h5"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert (tmp_path / "out.h5").read_bytes().startswith(b"\x89HDF\r\n\x1a\n")
    printed = json.loads(run.stdout)
    result = sl.analyze(tmp_path / "pose.csv", "average_male", load=100, fps=30, **IMAGE_SIZE)
    for key in ("peak_moment", "peak_compression", "completed"):
        assert printed[key] == pytest.approx(result.summary[key], rel=1e-9), key
    assert printed["source"] == "measured: pose.csv"
    a = printed["analysis"]
    assert (a["format"], a["side"], a["facing"]) == ("mediapipe", "left", "left")
    assert a["start_time"] == pytest.approx(result.analysis["start_time"])
    assert a["scale"] == result.analysis["scale"]
    saved = sl.load(tmp_path / "out.h5")
    assert np.allclose(np.asarray(saved.q), np.asarray(result.q), rtol=0, atol=1e-12)


# ---------------------------------------------------------------------------------------------
# (ii) Hand-written samples of each format, read exactly.


def track(rec: dict, name: str) -> tuple[list, list, list]:
    t = rec["tracks"][name]
    return t["x"], t["y"], t["confidence"]


def same(values, expected, rel=0.0) -> bool:
    """Equal, NaN where NaN is expected."""
    a, b = np.asarray(values, dtype=float), np.asarray(expected, dtype=float)
    return a.shape == b.shape and bool(np.all(np.isnan(a) == np.isnan(b))) and bool(
        np.allclose(a[~np.isnan(a)], b[~np.isnan(b)], rtol=rel, atol=1e-12 if rel else 0.0))


NAN = math.nan


def test_sample_spineload_csv():
    rec = _core.read_recording(str(DATA / "lift.csv"))
    assert (rec["format"], rec["units"], rec["y_down"], rec["side"]) == ("csv", "px", True, "mid")
    assert rec["time"] == [0.0, 0.02, 0.04]
    assert rec["unused"] == ["nose"]
    assert set(rec["tracks"]) == {"ankle", "knee", "hip", "l4l5", "shoulder", "wrist", "bar",
                                  "toe", "heel"}
    assert same(track(rec, "knee")[0], [520, 519.5, 519])
    assert same(track(rec, "knee")[1], [780, 779.5, 779])
    assert same(track(rec, "knee")[2], [0.9, 0.2, 0.95])  # as read: the analysis drops < 0.3
    assert same(track(rec, "wrist")[0], [640, NAN, 640])  # empty cells: not found
    assert same(track(rec, "wrist")[1], [880, NAN, 876])
    assert same(track(rec, "wrist")[2], [NAN] * 3)  # no _c column
    assert same(track(rec, "l4l5")[1], [560, 559, 558])
    assert same(track(rec, "bar")[:2], [[642] * 3, [884, 882, 880]])
    assert same(track(rec, "heel")[:2], [[430] * 3, [1010] * 3])
    assert rec["angles"] == []


def test_sample_mediapipe_csv():
    path = str(DATA / "mediapipe.csv")
    rec = _core.read_recording(path, fps=25)
    assert (rec["format"], rec["units"], rec["y_down"]) == ("mediapipe", "normalized", True)
    # frames, not seconds: frame / fps
    assert same(rec["time"], [0.0, 0.04, 0.08])
    # the left side is seen more surely (visibility): read it, right_knee is not used
    assert rec["side"] == "left"
    assert any("left side" in n for n in rec["notes"])
    assert rec["unused"] == ["nose"]
    assert set(rec["tracks"]) == {"shoulder", "wrist", "hip", "knee", "ankle", "heel", "toe"}
    assert same(track(rec, "knee")[0], [0.30, 0.30, 0.31])
    assert same(track(rec, "knee")[1], [0.72, 0.71, 0.70])
    assert same(track(rec, "knee")[2], [0.96, 0.96, 0.96])  # visibility as confidence
    assert same(track(rec, "toe")[:3], [[0.33] * 3, [0.94] * 3, [0.85, 0.86, 0.87]])
    # the side asked for
    right = _core.read_recording(path, fps=25, side="right")
    assert right["side"] == "right"
    assert set(right["tracks"]) == {"knee"}
    assert same(track(right, "knee")[0], [0.31, 0.31, 0.32])
    assert same(track(right, "knee")[2], [0.40, 0.42, 0.44])
    # frame numbers need a frame rate
    with pytest.raises(sl.InputError, match="fps"):
        _core.read_recording(path)


def test_sample_sports2d_pixel_trc():
    rec = _core.read_recording(str(DATA / "deadlift_Sports2D_px_person00.trc"))
    # the header says m; the name says _px: pixels, image rows
    assert (rec["format"], rec["units"], rec["y_down"], rec["side"]) == ("trc", "px", True,
                                                                         "right")
    assert any("_px" in n for n in rec["notes"])
    assert rec["time"] == [0.0, 0.033333, 0.066667]
    assert rec["unused"] == ["Neck"]
    assert set(rec["tracks"]) == {"ankle", "knee", "hip", "shoulder", "wrist", "toe", "heel"}
    # RHip, not the mid Hip
    assert same(track(rec, "hip")[:2], [[402.5, 403.0, 403.5], [601.0, 600.0, 599.0]])
    # RKnee, not LKnee
    assert same(track(rec, "knee")[:2], [[520.0, 519.5, 519.0], [780.0, 779.5, 779.0]])
    assert same(track(rec, "toe")[:2], [[560.0] * 3, [1012.0] * 3])
    assert same(track(rec, "wrist")[:3], [[640.0, 640.0, NAN], [880.0, 878.5, NAN], [NAN] * 3])
    # the units asked for win over the name
    assert _core.read_recording(str(DATA / "deadlift_Sports2D_px_person00.trc"),
                                units="m")["units"] == "m"


def test_sample_metric_3d_trc():
    rec = _core.read_recording(str(DATA / "lift_mm.trc"))
    assert (rec["format"], rec["units"], rec["y_down"], rec["side"]) == ("trc", "m", False,
                                                                         "right")
    assert rec["time"] == [0.0, 0.01, 0.02]
    assert rec["unused"] == ["C7"]
    # mm to m; the lifter faces (0.6, 0, 0.8) in X-Z: x is the distance along it
    assert any("53 deg" in n for n in rec["notes"]), rec["notes"]
    expected = {"heel": ([-0.10] * 3, [0.02] * 3), "toe": ([0.15] * 3, [0.02] * 3),
                "ankle": ([-0.02] * 3, [0.07] * 3),
                "knee": ([0.06, 0.07, 0.08], [0.480, 0.482, 0.484]),
                "hip": ([-0.35] * 3, [0.560, 0.565, 0.570]),
                "shoulder": ([0.05] * 3, [1.050, 1.052, 1.054]),
                "wrist": ([0.02] * 3, [0.42, 0.43, 0.44])}
    assert set(rec["tracks"]) == set(expected)
    for name, (x, y) in expected.items():
        assert same(track(rec, name)[0], x, rel=1e-12), (name, track(rec, name)[0])
        assert same(track(rec, name)[1], y, rel=1e-12), (name, track(rec, name)[1])


def test_sample_opensim_mot():
    rad = math.pi / 180
    rec = _core.read_recording(str(DATA / "lift_ik.mot"))
    assert (rec["format"], rec["units"], rec["side"]) == ("mot", "rad", "right")
    assert rec["time"] == [0.0, 0.01, 0.02]
    assert rec["tracks"] == {}
    # ankle, knee, hip, lumbar (flexion = -lumbar_extension), shoulder
    expected = [[10, 90, 120, 10, 60], [9, 88, 118, 9.5, 59], [8, 86, 116, 9, 58]]
    assert same(rec["angles"], np.asarray(expected) * rad, rel=1e-14)
    left = _core.read_recording(str(DATA / "lift_ik.mot"), side="left")
    assert left["side"] == "left"
    expected = [[9, 88, 118, 10, 58], [8, 86, 116, 9.5, 57], [7, 84, 114, 9, 56]]
    assert same(left["angles"], np.asarray(expected) * rad, rel=1e-14)


def test_mot_in_radians_and_gait2392_knee_sign(tmp_path):
    path = tmp_path / "gait2392.mot"
    path.write_text("Coordinates\nversion=1\nnRows=3\nnColumns=6\ninDegrees=no\nendheader\n"
                    "time ankle_angle_r knee_angle_r hip_flexion_r lumbar_extension arm_flex_r\n"
                    "0.0 0.1 -1.5 2.0 -0.2 1.0\n"
                    "0.1 0.1 -1.4 1.9 -0.2 1.0\n"
                    "0.2 0.1 -1.3 1.8 -0.2 1.0\n")
    rec = _core.read_recording(str(path))
    assert same(rec["angles"], [[0.1, 1.5, 2.0, 0.2, 1.0], [0.1, 1.4, 1.9, 0.2, 1.0],
                                [0.1, 1.3, 1.8, 0.2, 1.0]])
    assert any("gait2392" in n for n in rec["notes"])


def test_sample_openpose_folder():
    rec = _core.read_recording(str(DATA / "openpose"), fps=30)
    assert (rec["format"], rec["units"], rec["y_down"], rec["side"]) == ("openpose", "px", True,
                                                                         "right")
    # frames 10, 11, 12 from the file names, at 30/s
    assert same(rec["time"], [10 / 30, 11 / 30, 12 / 30])
    assert "OpenPose BODY_25 keypoints" in rec["notes"]
    assert rec["unused"] == ["Nose", "Neck", "REye", "LEye", "LSmallToe", "RSmallToe"]
    # frame 11 has a spotter listed first, seen less surely: the lifter is the other person
    assert same(track(rec, "knee")[0], [520.0, 519.5, 519.0])
    assert same(track(rec, "knee")[1], [780.0, 779.5, 779.0])
    assert same(track(rec, "knee")[2], [0.87, 0.88, 0.86])
    assert same(track(rec, "hip")[:2], [[400.0, 400.5, 401.0], [600.0, 599.0, 598.0]])
    # 0, 0, 0: not found
    assert same(track(rec, "wrist")[:3], [[640.0, 640.0, NAN], [880.0, 878.5, NAN],
                                         [0.82, 0.83, 0.0]])
    assert same(track(rec, "elbow")[0], [NAN] * 3)
    assert same(track(rec, "heel")[:2], [[430.0] * 3, [1010.0] * 3])
    # a different rate, the same frames
    assert same(_core.read_recording(str(DATA / "openpose"), fps=10)["time"], [1.0, 1.1, 1.2])


# OpenPose writes a file per frame even when nobody is seen: those frames are missing points
def test_openpose_frames_before_anyone_is_seen_are_missing_points(tmp_path):
    folder = tmp_path / "openpose"
    shutil.copytree(DATA / "openpose", folder)
    (folder / "lift_000000000009_keypoints.json").write_text(BODY_25_EMPTY)
    rec = _core.read_recording(str(folder), fps=30)
    assert same(rec["time"], [9 / 30, 10 / 30, 11 / 30, 12 / 30])
    for name, t in rec["tracks"].items():
        assert len(t["x"]) == len(t["y"]) == len(t["confidence"]) == 4, name
    assert same(track(rec, "knee")[0], [NAN, 520.0, 519.5, 519.0])


def test_a_filmed_pull_whose_first_frames_show_nobody(cli_path, tmp_path):
    # in a child process: a reader that lost frames once corrupted the heap
    f = filmed("conventional", 30)
    folder = fm.write_openpose(f, tmp_path / "json", facing="left", side="L")
    for i in range(3):  # nobody in view for 0.1 s (max_gap 0.2 s fills it)
        (folder / f"clip_{i:012d}_keypoints.json").write_text(BODY_25_EMPTY)
    run = subprocess.run([cli_path, "analyze", "json", "--load", "100", "--fps", "30", "--json"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    printed = json.loads(run.stdout)
    assert printed["peak_moment"] == pytest.approx(f.truth.summary["peak_moment"], rel=0.05)


def test_sample_formats_from_names():
    for name, fmt in [("lift.csv", "csv"), ("mediapipe.csv", "mediapipe"),
                      ("deadlift_Sports2D_px_person00.trc", "trc"), ("lift_mm.trc", "trc"),
                      ("lift_ik.mot", "mot"), ("openpose", "openpose")]:
        assert _core.read_recording(str(DATA / name), fps=30)["format"] == fmt, name


# ---------------------------------------------------------------------------------------------
# (iii) Malformed input: exit 2, one line naming the file (and line), nothing written.

CSV_HEAD = "time,ankle_x,ankle_y,knee_x,knee_y,hip_x,hip_y,shoulder_x,shoulder_y,wrist_x,wrist_y"
CSV_ROW = "470,990,520,780,400,600,610,440,640,880"


@functools.lru_cache(maxsize=None)
def clip_lines(mediapipe: bool = False) -> tuple[str, ...]:
    """A filmed pull (30/s) as CSV lines, to break."""
    f = filmed("conventional", 30)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "c.csv"
        if mediapipe:
            fm.write_mediapipe(f, path, time_column="time")
        else:
            fm.write_csv(f, path)
        return tuple(path.read_text().splitlines())


def clip_without(column_prefix: str) -> str:
    lines = [line for line in clip_lines() if not line.startswith("#")]
    header = lines[0].split(",")
    keep = [i for i, h in enumerate(header) if not h.startswith(column_prefix)]
    return "\n".join(",".join(line.split(",")[i] for i in keep) for line in lines) + "\n"


def clip_knee_gap(first: int, last: int) -> str:
    lines = [line for line in clip_lines() if not line.startswith("#")]
    header = lines[0].split(",")
    knee = [i for i, h in enumerate(header) if h in ("knee_x", "knee_y")]
    out = [lines[0]]
    for k, line in enumerate(lines[1:]):
        cells = line.split(",")
        if first <= k <= last:
            for i in knee:
                cells[i] = ""
        out.append(",".join(cells))
    return "\n".join(out) + "\n"


def clip_time_in_ms() -> str:
    lines = [line for line in clip_lines() if not line.startswith("#")]
    rows = []
    for line in lines[1:]:
        cells = line.split(",")
        cells[0] = repr(float(cells[0]) * 1000)
        rows.append(",".join(cells))
    return "\n".join([lines[0], *rows]) + "\n"


def clip_knee_on_ankle() -> str:
    lines = [line for line in clip_lines() if not line.startswith("#")]
    header = lines[0].split(",")
    pairs = [(header.index("knee_x"), header.index("ankle_x")),
             (header.index("knee_y"), header.index("ankle_y"))]
    rows = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        for knee, ankle in pairs:
            cells[knee] = cells[ankle]
        rows.append(",".join(cells))
    return "\n".join(rows) + "\n"


def clip_still() -> str:
    lines = [line for line in clip_lines() if not line.startswith("#")]
    first = lines[1].split(",")[1:]
    rows = [",".join([repr(k / 30)] + first) for k in range(60)]
    return "\n".join([lines[0], *rows]) + "\n"


class Bad(NamedTuple):
    id: str
    files: dict[str, str]  # name -> text; a name ending in / is a folder
    target: str
    options: dict[str, Any]  # fps, image size
    expect: tuple[str, ...]  # in the one line, besides the target's name


def bad(id, files, target, expect=(), **options) -> Bad:
    return Bad(id, files, target, options, (expect,) if isinstance(expect, str) else expect)


BAD = [
    bad("csv-unknown-landmark",
        {"bad.csv": "time,ankle_x,ankle_y,kneee_x,kneee_y\n0,1,2,3,4\n0.1,1,2,3,4\n"},
        "bad.csv", ("line 1, column 4 (kneee_x)", "unknown landmark")),
    bad("csv-unknown-landmark-after-comment",
        {"bad.csv": "# made by hand\n\ntime,ankle_x,ankle_y,elbo_x,elbo_y\n0,1,2,3,4\n"},
        "bad.csv", ("line 3, column 4 (elbo_x)", "unknown landmark")),
    bad("csv-x-without-y",
        {"bad.csv": "time,ankle_x,ankle_y,knee_x,hip_x,hip_y\n0,1,2,3,4,5\n"},
        "bad.csv", ("line 1", '"knee"', "_y")),
    bad("csv-time-not-increasing",
        {"bad.csv": f"{CSV_HEAD}\n0,{CSV_ROW}\n0.1,{CSV_ROW}\n0.1,{CSV_ROW}\n"},
        "bad.csv", ("line 4", "time must increase")),
    bad("csv-time-going-back",
        {"bad.csv": f"{CSV_HEAD}\n0,{CSV_ROW}\n0.1,{CSV_ROW}\n0.05,{CSV_ROW}\n"},
        "bad.csv", ("line 4", "0.05")),
    bad("csv-not-a-number",
        {"bad.csv": f"{CSV_HEAD}\n0,{CSV_ROW}\n0.1,470,990,abc,780,400,600,610,440,640,880\n"},
        "bad.csv", ("line 3, column 4 (knee_x)", '"abc"', "not a number")),
    bad("csv-number-with-unit",
        {"bad.csv": f"{CSV_HEAD}\n0,{CSV_ROW}\n0.1,470px,990,520,780,400,600,610,440,640,880\n"},
        "bad.csv", ("line 3, column 2 (ankle_x)", '"470px"')),
    bad("csv-row-too-short",
        {"bad.csv": f"{CSV_HEAD}\n0,{CSV_ROW}\n0.1,470,990,520\n"},
        "bad.csv", ("line 3", "4 columns", "11")),
    bad("csv-row-too-long",
        {"bad.csv": f"{CSV_HEAD}\n0,{CSV_ROW}\n0.1,{CSV_ROW},1\n"},
        "bad.csv", ("line 3", "12 columns")),
    bad("csv-no-time-column",
        {"bad.csv": "ankle_x,ankle_y\n1,2\n3,4\n"}, "bad.csv", ("line 1", "time")),
    bad("csv-frames-without-fps", {"bad.csv": "frame,ankle_x,ankle_y\n0,1,2\n1,1,2\n"},
        "bad.csv", ("fps", "numbers frames")),
    bad("csv-one-frame", {"bad.csv": f"{CSV_HEAD}\n0,{CSV_ROW}\n"}, "bad.csv", "2 frames"),
    bad("trc-no-pathfiletype",
        {"bad.trc": "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\n"
                    "30\t30\t2\t1\tm\nFrame#\tTime\tRKnee\n\t\tX1\tY1\tZ1\n"
                    "\n1\t0\t1\t2\t3\n2\t0.1\t1\t2\t3\n"},
        "bad.trc", ("line 1", "PathFileType")),
    bad("trc-short-header",
        {"bad.trc": "PathFileType\t4\t(X/Y/Z)\tbad.trc\nDataRate\tUnits\n"},
        "bad.trc", ("line 3", "5 header lines")),
    bad("trc-bad-units",
        {"bad.trc": "PathFileType\t4\t(X/Y/Z)\tbad.trc\nDataRate\tUnits\n30\tinches\n"
                    "Frame#\tTime\tRKnee\n\t\tX1\tY1\tZ1\n1\t0\t1\t2\t3\n"},
        "bad.trc", ("line 3", '"inches"')),
    bad("trc-not-a-number",
        {"bad.trc": "PathFileType\t4\t(X/Y/Z)\tbad.trc\nDataRate\tUnits\n30\tm\n"
                    "Frame#\tTime\tRKnee\n\t\tX1\tY1\tZ1\n1\t0\t1\t2\t3\n2\t0.1\t1\tx2\t3\n"},
        "bad.trc", ("line 7, column 4 (RKnee)", '"x2"')),
    bad("mot-no-endheader",
        {"bad.mot": "Coordinates\nversion=1\ninDegrees=yes\n"
                    "time\tankle_angle_r\tknee_angle_r\thip_flexion_r\tlumbar_extension\t"
                    "arm_flex_r\n0\t1\t2\t3\t4\t5\n"},
        "bad.mot", "endheader"),
    bad("mot-no-knee-angle",
        {"bad.mot": "Coordinates\nversion=1\ninDegrees=yes\nendheader\n"
                    "time\tankle_angle_r\thip_flexion_r\tlumbar_extension\tarm_flex_r\n"
                    "0\t1\t3\t4\t5\n0.1\t1\t3\t4\t5\n"},
        "bad.mot", ("line 5", "knee_angle_r")),
    bad("mot-row-too-short",
        {"bad.mot": "Coordinates\nendheader\n"
                    "time\tankle_angle_r\tknee_angle_r\thip_flexion_r\tlumbar_extension\t"
                    "arm_flex_r\n0\t1\t2\t3\t4\t5\n0.1\t1\t2\n"},
        "bad.mot", ("line 5", "3 columns")),
    bad("openpose-without-fps",
        {"frames/": "", "frames/clip_000000000000_keypoints.json": BODY_25_EMPTY},
        "frames", ("fps", "OpenPose")),
    bad("openpose-not-json",
        {"frames/clip_000000000000_keypoints.json": BODY_25_EMPTY,
         "frames/clip_000000000001_keypoints.json": '{"version":1.3,"people":[{"pose_'},
        "frames", ("clip_000000000001_keypoints.json", "not JSON"), fps=30),
    bad("openpose-wrong-keypoint-count",
        {"frames/clip_000000000000_keypoints.json":
         '{"version":1.3,"people":[{"person_id":[-1],"pose_keypoints_2d":[1,2,0.5]}]}'},
        "frames", ("clip_000000000000_keypoints.json", "3 values"), fps=30),
    bad("openpose-empty-folder", {"frames/": ""}, "frames", "no .json files", fps=30),
    bad("openpose-nobody",
        {"frames/clip_000000000000_keypoints.json": BODY_25_EMPTY,
         "frames/clip_000000000001_keypoints.json": BODY_25_EMPTY},
        "frames", "nobody", fps=30),
    bad("no-knee", {"lift.csv": clip_without("knee_")}, "lift.csv", ("knee", "not in")),
    bad("no-wrist-nor-bar", {"lift.csv": clip_without("wrist_")}, "lift.csv", "wrist"),
    bad("knee-gap-longer-than-max-gap", {"lift.csv": clip_knee_gap(20, 40)}, "lift.csv",
        ("knee", "missing for 0.7 s", "max_gap")),
    bad("mediapipe-without-image-size",
        {"pose.csv": "\n".join(clip_lines(mediapipe=True)) + "\n"}, "pose.csv",
        ("image_width", "--image-size")),
    bad("bar-never-rises", {"still.csv": clip_still()}, "still.csv",
        ("nothing was lifted", "the bar moves")),
    bad("csv-two-time-columns",
        {"bad.csv": "time,t,ankle_x,ankle_y\n0,0,1,2\n0.1,0.1,1,2\n"},
        "bad.csv", ("line 1, column 2 (t)", "a second time")),
    bad("csv-a-landmark-coordinate-twice",
        {"bad.csv": "time,ankle_x,ankle_y,ankle_x\n0,1,2,1\n0.1,1,2,1\n"},
        "bad.csv",
        ("line 1, column 4 (ankle_x)", "a second ankle_x column (the first is column 2)")),
    bad("openpose-folder-without-json", {"frames/notes.txt": "not keypoints"}, "frames",
        ("no .json files", "one .json file per frame"), fps=30),
    bad("csv-time-in-milliseconds", {"lift.csv": clip_time_in_ms()}, "lift.csv",
        ("frames per second", "milliseconds")),
    bad("knee-is-the-ankle", {"lift.csv": clip_knee_on_ankle()}, "lift.csv",
        ("knee", "passes", "from it")),
    bad("mot-missing-angle",
        {"bad.mot": "Coordinates\nendheader\n"
                    "time\tankle_angle_r\tknee_angle_r\thip_flexion_r\tlumbar_extension\t"
                    "arm_flex_r\n0\t1\t2\t3\t4\t5\n0.1\t1\tnan\t3\t4\t5\n"},
        "bad.mot", ("line 5, column 3 (knee_angle_r)", "missing")),
    bad("openpose-x-not-a-number",
        {"frames/clip_000000000000_keypoints.json":
         '{"version":1.3,"people":[{"pose_keypoints_2d":["a"' + ",1" * 74 + ']}]}'},
        "frames", ("clip_000000000000_keypoints.json", "pose_keypoints_2d[0]"), fps=30),
    bad("unknown-extension", {"lift.txt": f"{CSV_HEAD}\n0,{CSV_ROW}\n"}, "lift.txt",
        ("format", "--format")),
]


def prepare(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        if name.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def cli_options(options: dict[str, Any]) -> list[str]:
    out: list[str] = []
    if "fps" in options:
        out += ["--fps", str(options["fps"])]
    if "image_width" in options:
        out += ["--image-size", f"{options['image_width']}x{options['image_height']}"]
    return out


def listing(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


@pytest.mark.parametrize("case", BAD, ids=[c.id for c in BAD])
def test_cli_refuses_malformed_recordings(cli_path, tmp_path, case):
    prepare(tmp_path, case.files)
    before = listing(tmp_path)
    args = [cli_path, "analyze", case.target, "--load", "100", "--out", "out.h5",
            *cli_options(case.options)]
    run = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=60,
                         check=False)
    where = f"{args[1:]}\nexit {run.returncode}\nstderr: {run.stderr!r}"
    assert run.returncode == 2, where
    assert run.stderr.startswith("spineload: error: "), where
    assert run.stderr.endswith("\n") and run.stderr.count("\n") == 1, where
    assert case.target in run.stderr, where
    for text in case.expect:
        assert text in run.stderr, f"{text!r} missing\n{where}"
    assert run.stdout == "", where
    assert not (tmp_path / "out.h5").exists()
    assert listing(tmp_path) == before, where


@pytest.mark.parametrize("case", BAD, ids=[c.id for c in BAD])
def test_python_refuses_malformed_recordings(tmp_path, case):
    prepare(tmp_path, case.files)
    before = listing(tmp_path)
    with pytest.raises(sl.InputError) as caught:
        sl.analyze(tmp_path / case.target, "average_male", load=100, **case.options)
    assert isinstance(caught.value, ValueError)
    message = str(caught.value)
    assert "\n" not in message, message
    assert case.target in message, message
    for text in case.expect:
        assert text in message, (text, message)
    assert listing(tmp_path) == before


def test_malformed_table_covers_the_brief():
    ids = {c.id for c in BAD}
    assert len(ids) == len(BAD)
    for needed in ("csv-unknown-landmark", "csv-x-without-y", "csv-time-not-increasing",
                   "csv-not-a-number", "csv-row-too-short", "trc-no-pathfiletype",
                   "mot-no-endheader", "mot-no-knee-angle", "openpose-without-fps",
                   "openpose-not-json", "openpose-empty-folder", "no-knee",
                   "knee-gap-longer-than-max-gap", "mediapipe-without-image-size",
                   "bar-never-rises"):
        assert needed in ids


def test_openpose_keeps_the_lifter_when_someone_more_confident_walks_in(tmp_path):
    # the sample folder's lifter, and in frame 11 a second person far from him seen more
    # surely: the lifter's track must not jump to the newcomer
    folder = tmp_path / "openpose"
    shutil.copytree(DATA / "openpose", folder)
    name = "lift_000000000011_keypoints.json"
    doc = json.loads((folder / name).read_text())
    lifter = doc["people"][0]["pose_keypoints_2d"]
    stranger = [v + 900 if i % 3 != 2 else 1.0 for i, v in enumerate(lifter)]
    doc["people"].append({"person_id": [-1], "pose_keypoints_2d": stranger})
    (folder / name).write_text(json.dumps(doc))
    alone = sl._core.read_recording(DATA / "openpose", fps=30)
    crowded = sl._core.read_recording(folder, fps=30)
    for landmark, track in alone["tracks"].items():
        np.testing.assert_array_equal(crowded["tracks"][landmark]["x"], track["x"])


def test_a_frame_rate_the_file_does_not_need_is_said_unused():
    """The example has a time column: --fps cannot change its clock, and the analysis says so
    rather than ignoring it silently."""
    plain = sl.analyze(sl.EXAMPLE_FILMED_LIFT, "average_male", load=100)
    given = sl.analyze(sl.EXAMPLE_FILMED_LIFT, "average_male", load=100, fps=30)
    assert given.analysis["fps"] == plain.analysis["fps"] == pytest.approx(60)
    assert any("--fps 30 not used" in note for note in given.analysis["notes"])
    assert not any("not used" in note for note in plain.analysis["notes"])
    assert given.summary["peak_moment"] == plain.summary["peak_moment"]
