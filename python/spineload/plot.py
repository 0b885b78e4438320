"""Pictures of one pull: the lifter at liftoff, knee passage and lockout, and the L4-L5 curves."""

from __future__ import annotations

import os
import sys
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
    # the model the pull ran on: arms folded for a chest hold, thighs as the stance shows them
    frame = _model(result.lifter, setup=result.setup)
    lengths = frame.loc[_SEGMENTS, "length"].to_numpy(copy=True)
    signs = np.array([joint["sign"] for joint in frame.attrs["joints"]])  # anatomical, eq. 3.1
    phi = np.pi / 2 + np.cumsum(signs * result.q, axis=1)
    phi[:, 4] -= np.pi  # the arm hangs at q = 0
    steps = lengths[:, None] * np.stack([np.cos(phi), np.sin(phi)], axis=-1)  # (n, 5, 2)
    ankle = np.broadcast_to(np.asarray(frame.attrs["ankle"]), (result.samples, 1, 2))
    return np.concatenate([ankle, ankle + np.cumsum(steps, axis=1)], axis=1)


def _figure(result: _core.Result, points: np.ndarray) -> np.ndarray:
    """The stick figure's points: the landmarks, with the elbow between shoulder and hands
    when the arms are folded to hold the load at the chest (a front carry)."""
    if result.setup.lockout_load != "chest":
        return points
    along_perp = _model(result.lifter, result.setup.load).attrs["folded_arms"]["elbow"]
    shoulder, hand = points[:, 4], points[:, 5]
    along = (hand - shoulder) / np.linalg.norm(hand - shoulder, axis=1, keepdims=True)
    anterior = np.stack([along[:, 1], -along[:, 0]], axis=1)  # clockwise: eq. 3.2
    elbow = shoulder + along_perp[0] * along + along_perp[1] * anterior
    return np.concatenate([points[:, :5], elbow[:, None], points[:, 5:]], axis=1)


def _events(result: _core.Result) -> list[tuple[str, int]]:
    """(label, sample) for the start, the events the pull reached, and where a pull that did
    not complete ended."""
    time = result.time
    hang = result.setup.motion == "from_hang"  # an RDL: standing first, the rise from the bottom
    out = [("hang" if hang else "start", 0)]
    keys = [("up from the bottom" if hang else "liftoff", "liftoff_time"), ("knee", "knee_time")]
    if result.setup.motion != "hold":  # a hold starts at lockout
        keys.append(("lockout", "lockout_time"))
    for label, key in keys:
        t = result.summary[key]
        if t is not None and not np.isnan(t):
            out.append((label, int(np.argmin(np.abs(time - t)))))
    if not result.summary["completed"]:
        # a filmed clip that stops before its lockout ended there; it did not fail
        out.append(("clip ends" if result.source else "FAILED here", result.samples - 1))
    elif result.summary["status"] != "completed":  # a lowering dropped: the lift counts
        out.append(("bar dropped", result.samples - 1))
    return out


def _title(result: _core.Result, width: int = 150) -> str:
    """Who, what setup (its name and the choices that shape the pull, so a preset changed by
    --set is not drawn under the preset's name alone) and how it ended, wrapped, not cut."""
    import textwrap

    summary, setup = result.summary, result.setup
    # "completed", or "completed; the bar was not lowered under control ..." (docs/model.md 5.7)
    status = summary["status"] if summary["completed"] else "NOT COMPLETED - " + summary["status"]
    choices = []
    if setup.motion != "hold" and not result.source:
        choices.append(f"bar {100 * setup.bar_offset:+.0f} cm from mid-foot")
        if setup.posture in ("balance", "arms_vertical"):
            choices.append(f"trunk {setup.trunk_angle_deg:.0f} deg")
        if setup.lumbar_flexion_deg:
            choices.append(f"lumbar flexion {setup.lumbar_flexion_deg:.0f} deg")
        if setup.coordination:
            choices.append(f"coordination {setup.coordination:g}")
        if setup.bar_drift:
            choices.append(f"drift {100 * setup.bar_drift:.0f} cm")
    if setup.band_forward:
        choices.append(f"band {setup.band_forward:.0f} N forward")
    if setup.band_tension:
        choices.append(f"band {setup.band_tension:.0f} N down")
    head = (f"{result.lifter.name}, {setup.load:.0f} kg, {setup.name}"
            + (f" ({', '.join(choices)})" if choices else ""))
    return "\n".join(textwrap.wrap(f"{head}: {status}", width))


_FORMATS = (".png", ".svg", ".pdf")


def check_image_target(path: str | os.PathLike, overwrite: bool = False,
                       field: str = "path") -> str:
    """The checks made before drawing: a suffix of .png, .svg or .pdf, and the rules of every
    spineload output (docs/files.md section 7: directory exists, not a directory, FIFO or
    device, replaced only with overwrite). InputError naming `field`. Returns the file to
    write (a symbolic link's target)."""
    path = os.fspath(path)
    if os.path.splitext(path)[1].lower() not in _FORMATS:
        raise _core.InputError(f"{field}: {path!r}: allowed suffixes {', '.join(_FORMATS)}")
    return _core.check_output_target(path, overwrite, field=field)


def save_figure(fig: Any, path: str | os.PathLike, overwrite: bool = False, **kwargs: Any) -> None:
    """fig.savefig by the rules of every spineload output (docs/files.md section 7): the
    format from the suffix (.png, .svg, .pdf), an existing file replaced only with
    overwrite=True, written as PATH.partial and renamed, so the file is complete or absent."""
    target = check_image_target(path, overwrite)
    suffix = os.path.splitext(target)[1][1:].lower()
    _write_then_rename(target, target + ".partial",
                       lambda partial: fig.savefig(partial, format=suffix, **kwargs))


def _write_then_rename(target: str, partial: str, write: Any) -> None:
    """write(partial), then rename it to target; on any failure the partial file goes and
    target is untouched (the rule of docs/files.md section 7, as C++ write_atomically)."""
    try:
        write(partial)
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.remove(partial)


def plot(result: _core.Result, path: str | os.PathLike | None = None,
         overwrite: bool = False) -> Any:
    """The pull as a figure: the lifter and bar at the start, liftoff, knee passage and
    lockout - or where a pull that did not complete ended - with the L4-L5-to-bar lever drawn,
    and the L4-L5 and L5-S1 moment, compression and shear against time with their reference
    lines.
    Saves to `path` (.png, .svg, .pdf) when given (an existing file is replaced only with
    overwrite=True). Returns the matplotlib Figure."""
    import matplotlib.pyplot as plt

    if result.samples == 0:
        raise ValueError("this pull has no samples to plot: " + result.summary["status"])
    points = landmarks(result)
    figure = _figure(result, points)
    events = _events(result)
    summary = result.summary
    fig = plt.figure(figsize=(13, 7.5))
    grid = fig.add_gridspec(2, max(len(events), 3))
    fig.suptitle(_title(result), fontsize=11)

    # the lifter at each event, the bar's path, and the lever L4-L5 -> bar
    # wide enough for every figure drawn (a bar drifting far takes the hips further back)
    drawn = np.concatenate([figure[k, :, 0] for _, k in events] + [result.bar[:, 0]])
    x_range = (min(-0.6, float(np.nanmin(drawn)) - 0.05), max(0.5, float(np.nanmax(drawn)) + 0.05))
    for column, (label, k) in enumerate(events):
        ax = fig.add_subplot(grid[0, column])
        ax.plot(result.bar[:, 0], result.bar[:, 1], ":", c="0.6", lw=1)
        ax.plot(figure[k, :, 0], figure[k, :, 1], "-o", c="tab:blue", ms=3, lw=2)
        ax.plot(*result.bar[k], "o", c="k", ms=9)
        l4l5 = points[k, 3]
        ax.plot([l4l5[0], result.bar[k, 0]], [l4l5[1], l4l5[1]], c="tab:red", lw=1.5)
        lever = result.bar[k, 0] - l4l5[0]
        ax.annotate(f"lever {100 * lever:.0f} cm", (l4l5[0], l4l5[1] + 0.03), fontsize=8,
                    color="tab:red")
        ax.axhline(0, c="k", lw=0.8)
        ax.axvline(0, c="0.8", lw=0.8)
        ax.set_aspect("equal")
        ax.set_xlim(*x_range)
        ax.set_ylim(-0.05, 1.6)
        ax.set_title(f"{label}, {result.time[k]:.2f} s", fontsize=9,
                     color="tab:red" if label.startswith("FAILED") else "black")
        ax.tick_params(labelsize=7)

    # the L4-L5 curves, and L5-S1's one vertebra lower (absent from files written before it);
    # the limits are for comparison, not a verdict on a trained lifter
    t = result.time
    curves = [
        ("moment (N*m, + extension)", result.l4l5.moment, result.l5s1.moment, []),
        ("disc compression (N)", result.l4l5.compression, result.l5s1.compression,
         [(_NIOSH_ACTION, "NIOSH action limit (occupational)"),
          (_NIOSH_MAXIMUM, "NIOSH maximum (occupational)")]),
        ("disc shear (N, + anterior of the upper vertebra)", result.l4l5.shear,
         result.l5s1.shear, [(_SHEAR_LIMIT, "1000 N shear limit")]),
    ]
    # the least span drawn (N*m, N, N): round-off about a load of zero (a symmetric carry) is
    # not blown up into a signal
    least_spans = (10.0, 100.0, 100.0)
    for column, (title, values, lower, lines) in enumerate(curves):
        ax = fig.add_subplot(grid[1, column])
        ax.plot(t, values, c="tab:blue", label="L4-L5")
        if not np.isnan(lower).all():
            ax.plot(t, lower, c="tab:orange", ls="--", label="L5-S1")
            ax.legend(fontsize=7, loc="best")
        for level, text in lines:
            ax.axhline(level, ls="--", c="0.4", lw=0.8)
            ax.annotate(text, (t[0], level), fontsize=7, color="0.3", va="bottom")
        for label, k in events[1:]:
            failed = label.startswith("FAILED")
            ax.axvline(t[k], c="tab:red" if failed else "0.85", lw=0.8)
            if failed:
                ax.plot(t[k], values[k], "x", c="tab:red", ms=9, mew=2)
        low, high = ax.get_ylim()
        if high - low < least_spans[column]:
            middle = 0.5 * (low + high)
            ax.set_ylim(middle - 0.5 * least_spans[column], middle + 0.5 * least_spans[column])
        ax.set_title(title, fontsize=9)
        ax.set_xlabel("time (s)", fontsize=8)
        ax.tick_params(labelsize=7)
    fig.tight_layout()
    if path is not None:
        save_figure(fig, path, overwrite, dpi=110)
    return fig


class Animation:
    """An animated pull: shows itself in Jupyter (an inline player), and saves as .gif
    (Pillow) or .html."""

    def __init__(self, animation: Any, frames: np.ndarray, draw: Any):
        self.animation = animation  # the matplotlib FuncAnimation
        self.frames = frames  # the sample drawn in each frame
        self.draw = draw  # draw(sample) -> the artists it updated (body, bar, lever, ...)

    def _repr_html_(self) -> str:
        return self.animation.to_jshtml()

    def to_html(self) -> str:
        return self.animation.to_jshtml()

    def save(self, path: str | os.PathLike, overwrite: bool = False) -> None:
        """As a .gif (Pillow) or a self-contained .html player; the rules of every output
        (docs/files.md section 7), the partial file named PATH.partial.gif for Pillow."""
        path = os.fspath(path)
        suffix = os.path.splitext(path)[1].lower()
        if suffix not in (".gif", ".html"):
            raise _core.InputError(f"path: {path!r}: allowed suffixes .gif, .html")
        path = _core.check_output_target(path, overwrite)
        def write(partial: str) -> None:
            if suffix == ".html":
                with open(partial, "w", encoding="utf-8") as f:
                    f.write(self.to_html())
            else:
                self.animation.save(partial, writer="pillow")

        # Pillow picks the format by the suffix
        _write_then_rename(path, path + ".partial" + suffix, write)


def animate(result: _core.Result, fps: float = 15.0) -> Animation:
    """The pull in motion: the lifter, the bar and its path, the L4-L5-to-bar lever, and the
    L4-L5 moment and compression with a cursor at the frame's time. `fps` frames per second
    of the pull's own time (real speed). In Jupyter the returned object plays inline."""
    import matplotlib.pyplot as plt
    from matplotlib.animation import FuncAnimation

    if result.samples == 0:
        raise ValueError("this pull has no samples to animate: " + result.summary["status"])
    if not 1 <= fps <= 60:
        raise _core.InputError(f"fps: {fps}: allowed [1, 60] frames per second")
    points = landmarks(result)
    figure = _figure(result, points)
    t = result.time
    # a frame every 1/fps s, and always the last sample: the lockout, or where it failed
    every = np.searchsorted(t, np.arange(0, t[-1] + 1e-9, 1 / fps)).clip(0, len(t) - 1)
    frames = np.unique(np.append(every, len(t) - 1))
    fig, (ax, ax_load) = plt.subplots(1, 2, figsize=(9, 4.2),
                                      gridspec_kw={"width_ratios": [1, 1.3]})
    fig.suptitle(_title(result), fontsize=10)
    ax.plot(result.bar[:, 0], result.bar[:, 1], ":", c="0.6", lw=1)
    ax.axhline(0, c="k", lw=0.8)
    ax.set_aspect("equal")
    ax.set_xlim(-0.7, 0.5)
    ax.set_ylim(-0.05, 1.6)
    ax.tick_params(labelsize=7)
    (body,) = ax.plot([], [], "-o", c="tab:blue", ms=3, lw=2)
    (bar,) = ax.plot([], [], "o", c="k", ms=9)
    (lever,) = ax.plot([], [], c="tab:red", lw=1.5)
    label = ax.text(-0.65, 1.5, "", fontsize=8, color="tab:red")
    ax_load.plot(t, result.l4l5.moment, c="tab:blue", label="moment (N*m, + extension)")
    ax_load.set_xlabel("time (s)", fontsize=8)
    ax_load.tick_params(labelsize=7)
    ax_comp = ax_load.twinx()
    ax_comp.plot(t, result.l4l5.compression, c="tab:orange", label="compression (N)")
    ax_comp.tick_params(labelsize=7)
    ax_load.set_ylabel("L4-L5 moment (N*m)", fontsize=8, color="tab:blue")
    ax_comp.set_ylabel("disc compression (N)", fontsize=8, color="tab:orange")
    cursor = ax_load.axvline(0, c="k", lw=0.8)
    fig.tight_layout()

    def draw(k: int) -> tuple:
        body.set_data(figure[k, :, 0], figure[k, :, 1])
        bar.set_data([result.bar[k, 0]], [result.bar[k, 1]])
        l4l5 = points[k, 3]
        lever.set_data([l4l5[0], result.bar[k, 0]], [l4l5[1], l4l5[1]])
        label.set_text(f"{t[k]:.2f} s   lever {100 * (result.bar[k, 0] - l4l5[0]):.0f} cm")
        cursor.set_xdata([t[k], t[k]])
        return body, bar, lever, label, cursor

    animation = FuncAnimation(fig, draw, frames=frames, interval=1000 / fps, blit=True)
    plt.close(fig)  # shown by the player, not as a static figure too
    return Animation(animation, frames, draw)


def plot_sweep(frame: Any, x: str, y: str, lines: str | None = None,
               path: str | os.PathLike | None = None, overwrite: bool = False) -> Any:
    """One summary quantity of a sweep (`y`, e.g. "peak_compression") against one swept
    field (`x`, e.g. "bar_offset"), a line for each value of another (`lines`, e.g. "load").
    Pulls that did not complete are not drawn as loads: they are marked with an x on the axis
    at their x, since their peaks stop at the failure. A sweep with bands (sl.sweep(samples=N))
    is shaded between its 5 % and 95 %. Returns the matplotlib Figure."""
    import matplotlib.pyplot as plt

    for name, role in ((x, "x"), (y, "y"), (lines, "lines")):
        if name is not None and name not in frame.columns:
            raise _core.InputError(f"{role}: {name!r}: not a column of this sweep; columns: "
                                   + ", ".join(map(str, frame.columns)))
    fig, ax = plt.subplots(figsize=(7, 4.5))
    groups = [(None, frame)] if lines is None else list(frame.groupby(lines, sort=True))
    any_failed = False
    for key, rows in groups:
        rows = rows.sort_values(x)
        done = rows["completed"].fillna(False).astype(bool)
        label = None if lines is None else f"{lines} = {key:g}" if isinstance(key, float) \
            else f"{lines} = {key}"
        (line,) = ax.plot(rows.loc[done, x], rows.loc[done, y], "-o", ms=3, label=label)
        if f"{y}_p05" in rows.columns:  # a sweep with bands (sl.sweep(samples=N)): 5-95 %
            has = rows[f"{y}_p05"].notna()
            ax.fill_between(rows.loc[has, x], rows.loc[has, f"{y}_p05"], rows.loc[has, f"{y}_p95"],
                            color=line.get_color(), alpha=0.2, lw=0)
        if (~done).any():  # on the x axis itself, not at a y value a load could have
            any_failed = True
            ax.plot(rows.loc[~done, x], np.zeros((~done).sum()), "x", c=line.get_color(), ms=7,
                    clip_on=False, transform=ax.get_xaxis_transform())
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    note = "\nx on the axis: did not complete (no load shown)" if any_failed else ""
    if f"{y}_p05" in frame.columns:
        note += (f"\nshaded: 5-95% of {frame.attrs.get('samples', 'the')} samples of the "
                 "uncertain inputs (docs/model.md 9)")

    def values(column: str, unit: str = "") -> str:
        found = list(frame[column].dropna().unique()) if column in frame.columns else []
        text = ", ".join(f"{v:g}{unit}" if isinstance(v, float) else str(v) for v in found[:3])
        return text + (", ..." if len(found) > 3 else "")

    # which lifter, load and setup the figure shows (the swept ones are on its axes)
    who = [values("lifter_name"), values("name")]
    if "load" not in (x, lines):
        who.insert(1, values("load", " kg"))
    ax.set_title(", ".join(w for w in who if w) + f": {y} against {x}" +
                 (f", by {lines}" if lines else "") + note, fontsize=9)
    if lines is not None:
        ax.legend(fontsize=8)
    fig.tight_layout()
    if path is not None:
        save_figure(fig, path, overwrite, dpi=110)
    return fig


def plot_session(frame: Any, path: str | os.PathLike | None = None,
                 overwrite: bool = False) -> Any:
    """A training session (sl.session, or sl.load of a session file) as one figure over the
    session's time: each joint's strength left at every rep's start, how long each rep took to
    lock out, and each rep's peak L4-L5 compression. A rep that failed is an x on the axis
    (no load shown: its peaks stop at the failure). Returns the matplotlib Figure."""
    import matplotlib.pyplot as plt

    joints = ("ankle", "knee", "hip", "lumbar", "shoulder")
    missing = [c for c in ("set", "rep", "start", "completed", "lockout_time", "peak_compression",
                           *(f"capacity_{j}" for j in joints)) if c not in frame.columns]
    if missing:
        raise _core.InputError(f"frame: not a session's rep table (no {', '.join(missing)})")
    fig, axes = plt.subplots(3, 1, figsize=(7.5, 7.5), sharex=True)
    minutes = frame["start"] / 60
    done = frame["completed"].astype(bool)
    for joint in joints:
        axes[0].plot(minutes, 100 * frame[f"capacity_{joint}"], "-o", ms=3, label=joint)
    axes[0].set_ylabel("strength left at\nthe rep's start, %")
    axes[0].legend(fontsize=8, ncol=5, loc="lower left")
    for ax, column, label in ((axes[1], "lockout_time", "lockout, s"),
                              (axes[2], "peak_compression", "peak L4-L5\ncompression, N")):
        for _, rows in frame.groupby("set"):
            ok = rows["completed"].astype(bool)
            ax.plot(rows.loc[ok, "start"] / 60, rows.loc[ok, column], "-o", ms=4, c="C0")
        ax.plot(minutes[~done], np.zeros((~done).sum()), "x", c="C3", ms=8, clip_on=False,
                transform=ax.get_xaxis_transform())
        ax.set_ylabel(label)
        # from zero: reps of one load differ little in compression, and a scale spanning a
        # newton of round-off would draw it as a trend
        top = np.nanmax(frame.loc[done, column]) if done.any() else np.nan
        ax.set_ylim(0, 1.1 * top if np.isfinite(top) and top > 0 else None)
    axes[2].set_xlabel("time into the session, min")
    load = frame.attrs.get("setup", {}).get("load")
    max_kg = frame.attrs.get("one_rep_max")
    plan = frame.attrs.get("session", {})
    planned = int(plan["sets"] * plan["reps"]) if plan else len(frame)
    title = f"{int(done.sum())} of {planned} planned reps completed ({len(frame)} attempted)"
    if load is not None:
        title += f" at {load:.1f} kg"
        if max_kg is not None and np.isfinite(max_kg):
            title += f" ({100 * load / max_kg:.0f}% of {max_kg:.1f} kg)"
    if (~done).any():
        title += "\nx on the axis: a failed rep (it ends its set)"
    axes[0].set_title(title, fontsize=9)
    fig.tight_layout()
    if path is not None:
        save_figure(fig, path, overwrite, dpi=110)
    return fig


def main(argv: list[str]) -> int:
    """`spineload plot FILE [--out PATH] [--force]` (docs/cli.md): a pull file as the figure of
    plot(), a session file as plot_session(), or a sweep file as plot_sweep() with --x, --y
    and optionally --lines."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="spineload plot",
        description="Draw a pull file (simulate --out) as stick figures at liftoff, knee "
        "passage and lockout plus the L4-L5 curves, a session file (session --out) as its "
        "reps over time, or a sweep file as one quantity against a swept field.")
    parser.add_argument("file", help="a pull, session or sweep file (.h5)")
    parser.add_argument("--out", help="image to write: .png, .svg or .pdf (default: FILE "
                        "with .png)")
    parser.add_argument("--force", action="store_true", help="replace --out if it exists")
    parser.add_argument("--x", help="sweep files: the swept field along the x axis")
    parser.add_argument("--y", default="peak_compression",
                        help="sweep files: the summary quantity (default peak_compression)")
    parser.add_argument("--lines", help="sweep files: one line per value of this field")
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return 0 if e.code == 0 else 2
    out = args.out or os.path.splitext(args.file)[0] + ".png"
    try:
        import matplotlib

        matplotlib.use("Agg")
        from .result import load

        if not os.path.exists(args.file):
            print(f"spineload: cannot read or write a file: no such file: {args.file}",
                  file=sys.stderr)
            return 3
        check_image_target(out, args.force, "--out")
        try:
            data = load(args.file)
        except (_core.InputError, _core.IoError, OSError):
            raise
        except Exception as e:  # an HDF5 file of something else
            raise _core.IoError(f"{args.file}: not a spineload pull, session or sweep file ({e})") from e
        from .sweep import _sweep_file_kind

        kind = (_sweep_file_kind(args.file)
                if not isinstance(data, _core.Result) and os.path.isfile(args.file) else None)
        if isinstance(data, _core.Result):
            plot(data, out, overwrite=args.force)
        elif kind == "session":
            plot_session(data, out, overwrite=args.force)
        elif kind == "program":
            raise _core.InputError(f"{args.file}: a program's week table has no figure here; "
                                   "read it with spineload.load() (a DataFrame) or plot each "
                                   "week's session file")
        else:
            if args.x is None:
                raise _core.InputError("--x: required for a sweep file: the swept field "
                                       f"along the x axis (one of {', '.join(data.attrs.get('axes', []))})")
            plot_sweep(data, args.x, args.y, args.lines, out, overwrite=args.force)
    except (_core.InputError, ValueError) as e:
        print(f"spineload: error: {e}", file=sys.stderr)
        return 2
    except (_core.IoError, OSError) as e:
        print(f"spineload: cannot read or write a file: {e}", file=sys.stderr)
        return 3
    except ImportError as e:
        print(f"spineload: error: plot needs matplotlib: {e}", file=sys.stderr)
        return 2
    print(f"figure written to {out}")
    return 0
