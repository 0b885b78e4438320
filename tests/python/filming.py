"""A simulated pull "filmed": the lifter's landmarks per frame, as a pose estimator would give
them, written in each format `spineload analyze` reads (docs/files.md section 8).

The truth is `sl.simulate(lifter, setup, rate=fps)`; its joint angles `result.q` drive the same
chain as the model (`sl.model(lifter, load)`): phi_i = pi/2 + sum_{j<=i} s_j q_j with
s = (-1, +1, -1, -1, +1), the arm's angle less pi, and landmark_{i+1} = landmark_i +
L_i (cos phi_i, sin phi_i) from the ankle: knee, hip, l4l5, shoulder and the hand (the bar's
centre). The clip starts with LEAD s of still frames (copies of the first), so the truth's
t = 0 is at LEAD s of the clip.

Pixels: 500 px/m, origin (960, 1000) px, y down, x mirrored when the lifter faces left, with
Gaussian noise (a seeded numpy Generator).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

import spineload as sl

LEAD = 0.5  # s of still frames before the pull
PX_PER_M = 500.0
ORIGIN = (960.0, 1000.0)  # px: where the world's (0, 0) is in the image
IMAGE = (1920, 1080)  # px, for MediaPipe's normalized coordinates
SIGNS = (-1.0, 1.0, -1.0, -1.0, 1.0)
SEGMENTS = ("shank", "thigh", "pelvis", "trunk", "arm")
CHAIN = ("ankle", "knee", "hip", "l4l5", "shoulder", "hand")


def landmarks(q: np.ndarray, model) -> dict[str, np.ndarray]:
    """The chain's landmarks (m, world: x forward, y up) for joint angles q (N x 5, rad), and
    the foot's ends (toe, heel) on the floor."""
    q = np.atleast_2d(np.asarray(q, dtype=float))
    lengths = [float(model.loc[s, "length"]) for s in SEGMENTS]
    phi = math.pi / 2 + np.cumsum(q * np.asarray(SIGNS), axis=1)
    phi[:, 4] -= math.pi
    points = {"ankle": np.tile(np.asarray(model.attrs["ankle"], dtype=float), (len(q), 1))}
    for i, name in enumerate(CHAIN[1:]):
        step = lengths[i] * np.column_stack([np.cos(phi[:, i]), np.sin(phi[:, i])])
        points[name] = points[CHAIN[i]] + step
    points["toe"] = np.tile([model.attrs["toe_x"], 0.0], (len(q), 1))
    points["heel"] = np.tile([model.attrs["heel_x"], 0.0], (len(q), 1))
    return points


@dataclass
class Film:
    """A simulated pull and its landmarks over a clip that starts LEAD s before it."""

    setup: str
    fps: float
    truth: sl.Result
    model: object
    time: np.ndarray  # s, the clip's
    q: np.ndarray  # rad, per frame of the clip
    points: dict[str, np.ndarray] = field(default_factory=dict)  # m, per frame of the clip

    @property
    def frames(self) -> int:
        return len(self.time)

    @property
    def lead_frames(self) -> int:
        return int(round(LEAD * self.fps))


def film(setup: str = "conventional", fps: float = 60.0, lifter: str = "average_male",
         load: float = 100.0) -> Film:
    truth = sl.simulate(lifter, setup, rate=fps)
    model = sl.model(lifter, load)
    q = np.asarray(truth.q, dtype=float)
    lead = int(round(LEAD * fps))
    q_clip = np.vstack([np.repeat(q[:1], lead, axis=0), q])
    time = np.arange(len(q_clip)) / fps
    return Film(setup, fps, truth, model, time, q_clip, landmarks(q_clip, model))


def self_check(f: Film) -> float:
    """The largest difference (m) between the filmed hand and l4l5 and the simulation's bar and
    L4-L5 centre: the chain above must be the model's."""
    lead = f.lead_frames
    hand = f.points["hand"][lead:]
    l4l5 = f.points["l4l5"][lead:]
    bar = np.asarray(f.truth.bar, dtype=float)
    centre = np.asarray(f.truth.l4l5.position, dtype=float)
    return float(max(np.abs(hand - bar).max(), np.abs(l4l5 - centre).max()))


def pixels(f: Film, facing: str = "right", noise: float = 2.0,
           seed: int = 1) -> dict[str, np.ndarray]:
    """Each landmark in image pixels (y down, x mirrored facing left) with noise (px)."""
    rng = np.random.default_rng(seed)
    sign = 1.0 if facing == "right" else -1.0
    out = {}
    for name, p in f.points.items():
        u = ORIGIN[0] + sign * PX_PER_M * p[:, 0] + rng.normal(0.0, noise, len(p))
        v = ORIGIN[1] - PX_PER_M * p[:, 1] + rng.normal(0.0, noise, len(p))
        out[name] = np.column_stack([u, v])
    return out


def _num(v: float) -> str:
    return "" if not np.isfinite(v) else repr(float(v))


# ---- (a) spineload CSV -------------------------------------------------------------------------

def write_csv(f: Film, path: Path, facing: str = "right", l4l5: bool = False, bar: bool = False,
              noise: float = 2.0, seed: int = 1) -> Path:
    """time, <name>_x, <name>_y[, <name>_c] for ankle knee hip shoulder wrist toe heel (and
    l4l5, bar). A wrist now and then not found (empty cells) and a knee seen unsurely
    (confidence 0.1, below min_confidence) in a few single frames."""
    px = pixels(f, facing, noise, seed)
    names = ["ankle", "knee", "hip", "shoulder", "wrist", "toe", "heel"]
    if l4l5:
        names.append("l4l5")
    if bar:
        names.append("bar")
    source = {"wrist": "hand", "bar": "hand"}
    header = ["time"]
    for n in names:
        header += [f"{n}_x", f"{n}_y"] + ([f"{n}_c"] if n == "knee" else [])
    lines = ["# filmed by tests/python/filming.py", ",".join(header)]
    for i in range(f.frames):
        row = [repr(float(f.time[i]))]
        for n in names:
            x, y = px[source.get(n, n)][i]
            if n == "wrist" and i % 29 == 3:
                x = y = math.nan
            row += [_num(x), _num(y)]
            if n == "knee":
                row.append("0.1" if i % 17 == 5 else "0.9")
        lines.append(",".join(row))
    path.write_text("\n".join(lines) + "\n")
    return path


# ---- (b) MediaPipe-style CSV -------------------------------------------------------------------

MEDIAPIPE = {"ankle": "ankle", "knee": "knee", "hip": "hip", "shoulder": "shoulder",
             "wrist": "hand", "heel": "heel", "foot_index": "toe"}


def write_mediapipe(f: Film, path: Path, facing: str = "right", near: str = "right",
                    time_column: str = "frame", noise: float = 2.0, seed: int = 2) -> Path:
    """frame (or time), then <side>_<name>_x, _y, _z, _visibility for both sides and the nose,
    normalized by the image size (1920 x 1080). The side nearer the camera (`near`) is seen
    surely (visibility 0.95); the far one, a few pixels off, less so (0.6)."""
    px = pixels(f, facing, noise, seed)
    header = [time_column]
    columns = []  # (name, source, offset px, visibility)
    for side in ("left", "right"):
        for name, src in MEDIAPIPE.items():
            offset, vis = (0.0, 0.95) if side == near else (6.0, 0.6)
            columns.append((f"{side}_{name}", src, offset, vis))
    columns.insert(0, ("nose", "shoulder", 0.0, 0.99))
    for name, *_ in columns:
        header += [f"{name}_x", f"{name}_y", f"{name}_z", f"{name}_visibility"]
    lines = [",".join(header)]
    rng = np.random.default_rng(seed + 100)
    for i in range(f.frames):
        row = [str(i) if time_column == "frame" else repr(float(f.time[i]))]
        for name, src, offset, vis in columns:
            x, y = px[src][i]
            if name == "nose":
                x, y = x + 40.0, y - 120.0
            x += offset
            z = rng.normal(0.0, 0.1)
            row += [repr(float(x) / IMAGE[0]), repr(float(y) / IMAGE[1]), repr(float(z)),
                    repr(vis)]
        lines.append(",".join(row))
    path.write_text("\n".join(lines) + "\n")
    return path


# ---- (c) Sports2D-style pixel .trc and (d) a metric 3D .trc ------------------------------------

def _trc(path: Path, names: list[str], time: np.ndarray, xyz: dict[str, np.ndarray],
         fps: float, units: str) -> Path:
    n = len(time)
    head = [
        f"PathFileType\t4\t(X/Y/Z)\t{path.name}",
        "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\t"
        "OrigDataStartFrame\tOrigNumFrames",
        "\t".join(str(v) for v in (fps, fps, n, len(names), units, fps, 1, n)),
        "Frame#\tTime\t" + "\t\t\t".join(names),
        "\t\t" + "\t".join(f"X{k + 1}\tY{k + 1}\tZ{k + 1}" for k in range(len(names))),
    ]
    rows = []
    for i in range(n):
        cells = [str(i + 1), repr(float(time[i]))]
        for name in names:
            cells += [_num(v) for v in xyz[name][i]]
        rows.append("\t".join(cells))
    path.write_text("\n".join(head + rows) + "\n")
    return path


SPORTS2D = {"RAnkle": "ankle", "RKnee": "knee", "RHip": "hip", "RShoulder": "shoulder",
            "RWrist": "hand", "RBigToe": "toe", "RHeel": "heel", "Hip": "hip"}


def write_trc_px(f: Film, path: Path, facing: str = "right", noise: float = 2.0,
                 seed: int = 3) -> Path:
    """Sports2D's pixel file (its name ends _px.trc; the header says m): image rows, z = 0,
    a wrist missing (empty fields) now and then."""
    assert path.name.endswith("_px.trc")
    px = pixels(f, facing, noise, seed)
    xyz = {}
    for name, src in SPORTS2D.items():
        p = np.column_stack([px[src], np.zeros(f.frames)])
        if name == "RWrist":
            p[np.arange(f.frames) % 23 == 7] = math.nan
        xyz[name] = p
    return _trc(path, list(SPORTS2D), f.time, xyz, f.fps, "m")


OPENSIM_3D = {"RAnkle": ("ankle", 1), "RKnee": ("knee", 1), "RHip": ("hip", 1),
              "RShoulder": ("shoulder", 1), "RWrist": ("hand", 1), "RBigToe": ("toe", 1),
              "RHeel": ("heel", 1), "LAnkle": ("ankle", -1), "LKnee": ("knee", -1),
              "LHip": ("hip", -1), "LShoulder": ("shoulder", -1), "LWrist": ("hand", -1),
              "LBigToe": ("toe", -1), "LHeel": ("heel", -1), "C7": ("shoulder", 0)}


def write_trc_3d(f: Film, path: Path, heading_deg: float = 30.0, noise: float = 0.004,
                 seed: int = 4) -> Path:
    """Markers in metres in OpenSim's axes (X forward, Y up, Z lateral) with the lifter's
    forward direction `heading_deg` from X towards Z, both sides 0.15 m either side of the
    sagittal plane, the whole lifter 1 m along X and 2 m along Z from the origin, and a marker
    of another marker set (C7)."""
    rng = np.random.default_rng(seed)
    a = math.radians(heading_deg)
    forward = np.array([math.cos(a), 0.0, math.sin(a)])
    lateral = np.array([-math.sin(a), 0.0, math.cos(a)])
    up = np.array([0.0, 1.0, 0.0])
    origin = np.array([1.0, 0.0, 2.0])
    xyz = {}
    for name, (src, side) in OPENSIM_3D.items():
        p = f.points[src]
        pos = (origin + p[:, :1] * forward + p[:, 1:2] * up + 0.15 * side * lateral
               + rng.normal(0.0, noise, (len(p), 3)))
        if name == "C7":
            pos = pos + 0.05 * up - 0.08 * forward
        xyz[name] = pos
    return _trc(path, list(OPENSIM_3D), f.time, xyz, f.fps, "m")


# ---- (e) OpenPose JSON folder ------------------------------------------------------------------

BODY_25 = ("Nose", "Neck", "RShoulder", "RElbow", "RWrist", "LShoulder", "LElbow", "LWrist",
           "MidHip", "RHip", "RKnee", "RAnkle", "LHip", "LKnee", "LAnkle", "REye", "LEye", "REar",
           "LEar", "LBigToe", "LSmallToe", "LHeel", "RBigToe", "RSmallToe", "RHeel")
OPENPOSE = {"Ankle": "ankle", "Knee": "knee", "Hip": "hip", "Shoulder": "shoulder",
            "Wrist": "hand", "BigToe": "toe", "Heel": "heel"}


def write_openpose(f: Film, folder: Path, facing: str = "right", side: str = "R",
                   noise: float = 2.0, seed: int = 5) -> Path:
    """clip_<frame, 12 digits>_keypoints.json per frame, BODY_25: the lifter's `side` (R or L)
    points, the neck and mid hip seen (c 0.8-0.9), the rest 0, 0, 0; every 10th frame a
    second, less sure person (a spotter at the right edge)."""
    px = pixels(f, facing, noise, seed)
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed + 100)
    for i in range(f.frames):
        k = np.zeros(75)
        for name, src in OPENPOSE.items():
            j = BODY_25.index(side + name)
            k[3 * j:3 * j + 3] = [*px[src][i], 0.85]
        for name, src in (("Neck", "shoulder"), ("MidHip", "hip")):
            j = BODY_25.index(name)
            k[3 * j:3 * j + 3] = [*px[src][i], 0.8]
        people = [{"person_id": [-1], "pose_keypoints_2d": [float(v) for v in k],
                   "face_keypoints_2d": [], "hand_left_keypoints_2d": [],
                   "hand_right_keypoints_2d": [], "pose_keypoints_3d": [],
                   "face_keypoints_3d": [], "hand_left_keypoints_3d": [],
                   "hand_right_keypoints_3d": []}]
        if i % 10 == 0:
            other = np.zeros(75)
            for j in (0, 1, 2, 5, 8, 9, 10, 11):
                other[3 * j:3 * j + 3] = [1750 + rng.normal(0, 20), 300 + 60 * j, 0.3]
            people.insert(0, {"person_id": [-1],
                              "pose_keypoints_2d": [float(v) for v in other]})
        name = folder / f"clip_{i:012d}_keypoints.json"
        name.write_text(json.dumps({"version": 1.3, "people": people}))
    return folder


# ---- (f) OpenSim .mot ---------------------------------------------------------------------------

def write_mot(f: Film, path: Path, noise_deg: float = 0.2, seed: int = 6) -> Path:
    """Joint angles in degrees, OpenSim's names (lumbar_extension = -lumbar flexion), with a
    column the reader does not use (pelvis_tilt)."""
    rng = np.random.default_rng(seed)
    deg = np.degrees(f.q) + rng.normal(0.0, noise_deg, f.q.shape)
    deg[:, 3] = -deg[:, 3]
    names = ["time", "pelvis_tilt", "ankle_angle_r", "knee_angle_r", "hip_flexion_r",
             "lumbar_extension", "arm_flex_r"]
    lines = ["Coordinates", "version=1", f"nRows={f.frames}", f"nColumns={len(names)}",
             "inDegrees=yes", "endheader", "\t".join(names)]
    for i in range(f.frames):
        cells = [f"{f.time[i]:.8f}", "0.00000000"] + [f"{v:.8f}" for v in deg[i]]
        lines.append("\t".join(cells))
    path.write_text("\n".join(lines) + "\n")
    return path
