"""Pictures of one pull: the lifter at liftoff, knee passage and lockout, and the L4-L5 curves."""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from . import _core
from .result import model as _model

# the chain's segments, docs/model.md 3.1
_SEGMENTS = ["shank", "thigh", "pelvis", "trunk", "arm"]
# reference lines, docs/model.md 7: NIOSH (1981) for repetitive occupational lifting
_NIOSH_ACTION, _NIOSH_MAXIMUM, _SHEAR_LIMIT = 3400.0, 6400.0, 1000.0


def landmarks(result: _core.Result) -> np.ndarray:
    """World positions (m) of ankle, knee, hip, L4-L5, shoulder and hand at every sample:
    shape (samples, 6, 2), from the joint angles and the lifter's segment lengths."""
    frame = _model(result.lifter, result.setup.load)
    lengths = frame.loc[_SEGMENTS, "length"].to_numpy()
    signs = np.array([joint["sign"] for joint in frame.attrs["joints"]])  # anatomical, eq. 3.1
    phi = np.pi / 2 + np.cumsum(signs * result.q, axis=1)
    phi[:, 4] -= np.pi  # the arm hangs at q = 0
    steps = lengths[:, None] * np.stack([np.cos(phi), np.sin(phi)], axis=-1)  # (n, 5, 2)
    ankle = np.broadcast_to(np.asarray(frame.attrs["ankle"]), (result.samples, 1, 2))
    return np.concatenate([ankle, ankle + np.cumsum(steps, axis=1)], axis=1)


def _events(result: _core.Result) -> list[tuple[str, int]]:
    """(label, sample) for the start and the events the pull reached."""
    time = result.time
    out = [("start", 0)]
    for label, key in (("liftoff", "liftoff_time"), ("knee", "knee_time"),
                       ("lockout", "lockout_time")):
        t = result.summary[key]
        if t is not None and not np.isnan(t):
            out.append((label, int(np.argmin(np.abs(time - t)))))
    return out


def plot(result: _core.Result, path: str | os.PathLike | None = None) -> Any:
    """The pull as a figure: the lifter and bar at the start, liftoff, knee passage and
    lockout (the L4-L5-to-bar lever drawn), and the L4-L5 moment, compression and shear
    against time with their reference lines. Saves to `path` (.png, .svg, .pdf) when given.
    Returns the matplotlib Figure."""
    import matplotlib.pyplot as plt

    if result.samples == 0:
        raise ValueError("this pull has no samples to plot: " + result.summary["status"])
    points = landmarks(result)
    events = _events(result)
    summary = result.summary
    fig = plt.figure(figsize=(13, 7.5))
    grid = fig.add_gridspec(2, max(len(events), 3))
    status = "completed" if summary["completed"] else "NOT COMPLETED - " + summary["status"]
    fig.suptitle(f"{result.lifter.name}, {result.setup.load:.0f} kg, {result.setup.name}: "
                 f"{status[:90]}", fontsize=11)

    # the lifter at each event, the bar's path, and the lever L4-L5 -> bar
    for column, (label, k) in enumerate(events):
        ax = fig.add_subplot(grid[0, column])
        ax.plot(result.bar[:, 0], result.bar[:, 1], ":", c="0.6", lw=1)
        ax.plot(points[k, :, 0], points[k, :, 1], "-o", c="tab:blue", ms=3, lw=2)
        ax.plot(*result.bar[k], "o", c="k", ms=9)
        l4l5 = points[k, 3]
        ax.plot([l4l5[0], result.bar[k, 0]], [l4l5[1], l4l5[1]], c="tab:red", lw=1.5)
        lever = result.bar[k, 0] - l4l5[0]
        ax.annotate(f"lever {100 * lever:.0f} cm", (l4l5[0], l4l5[1] + 0.03), fontsize=8,
                    color="tab:red")
        ax.axhline(0, c="k", lw=0.8)
        ax.axvline(0, c="0.8", lw=0.8)
        ax.set_aspect("equal")
        ax.set_xlim(-0.6, 0.5)
        ax.set_ylim(-0.05, 1.6)
        ax.set_title(f"{label}, {result.time[k]:.2f} s", fontsize=9)
        ax.tick_params(labelsize=7)

    # the L4-L5 curves; the limits are for comparison, not a verdict on a trained lifter
    t = result.time
    curves = [
        ("L4-L5 moment (N*m, + extension)", result.l4l5.moment, []),
        ("disc compression (N)", result.l4l5.compression,
         [(_NIOSH_ACTION, "NIOSH action limit (occupational)"),
          (_NIOSH_MAXIMUM, "NIOSH maximum (occupational)")]),
        ("disc shear (N, + anterior of L4 on L5)", result.l4l5.shear,
         [(_SHEAR_LIMIT, "1000 N shear limit")]),
    ]
    for column, (title, values, lines) in enumerate(curves):
        ax = fig.add_subplot(grid[1, column])
        ax.plot(t, values, c="tab:blue")
        for level, text in lines:
            ax.axhline(level, ls="--", c="0.4", lw=0.8)
            ax.annotate(text, (t[0], level), fontsize=7, color="0.3", va="bottom")
        for label, k in events[1:]:
            ax.axvline(t[k], c="0.85", lw=0.8)
        ax.set_title(title, fontsize=9)
        ax.set_xlabel("time (s)", fontsize=8)
        ax.tick_params(labelsize=7)
    fig.tight_layout()
    if path is not None:
        fig.savefig(os.fspath(path), dpi=110)
    return fig
