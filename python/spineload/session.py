"""Training: sessions of sets x reps with each joint tiring from rep to rep, and programs of
weekly sessions with a rising load (docs/model.md 5.9)."""

from __future__ import annotations

import copy
import os
from typing import Any

import numpy as np
import pandas as pd

from . import _core


def session(lifter: Any = "average_male", setup: Any = "conventional", *, sets: int = 5,
            reps: int = 3, pause: float | None = None, rest: float = 180.0,
            tempo: tuple[float, float, float] | str | None = None,
            load: float | str | None = None,
            path: str | os.PathLike | None = None,
            overwrite: bool = False, **options: Any) -> pd.DataFrame:
    """Run a training session and return its rep table, one row per rep.

    Each rep is one pull (up and down again), or one RDL with a `motion = "from_hang"` setup
    such as "rdl" (down from the hang and up), by the lifter with every joint's strength
    scaled by what its muscles have left (the three-compartment fatigue model of Frey-Law et
    al. 2012 with Looft et al. 2018's recovery at rest). A rep that fails ends its set; the
    session goes on with the next set after `rest` seconds.

    `load` kg, or a percentage of the lifter's one-rep max with this setup ("80%"; otherwise
    the setup's own load); `pause` s between reps (default 1), the bar on the floor after a
    pull and held at the top between RDLs;
    `tempo` = (up, down, pause) seconds, or the command line's "3-3-1", setting the setup's
    `duration` and `lowering_duration` and the pause. `path`: also write the session to this
    HDF5 file (docs/files.md 11; `sl.load` reads it back). Options as for `simulate`.

    Columns: set, rep, start (s into the session), capacity_<joint> (each joint's strength
    left at the rep's start, a fraction of fresh), lifft_damage (the rep's LiFFT damage from
    its load_moment), then every summary field of the rep's pull.
    `frame.attrs`: status, completed, reps_completed, one_rep_max (kg, when the load is a percentage),
    duration (s), lifft_damage and lifft_risk (LiFFT with the session as a day's lifting,
    docs/model.md 5.10; the rep table's lifft_damage column is each rep's share), and the
    lifter, setup and session as run."""
    setup, pause = _planned_setup(setup, load, tempo, pause)
    out = _core.session(lifter, setup, {"sets": sets, "reps": reps, "pause": pause,
                                        "rest": rest}, path, overwrite, **options)
    return _frame(out["columns"], {k: v for k, v in out.items() if k != "columns"}, _REP_INTS)


def program(lifter: Any = "average_male", setup: Any = "conventional", *, weeks: int = 6,
            sessions_per_week: int = 2, progression: float = 2.5, sets: int = 5,
            reps: int = 3, pause: float | None = None, rest: float = 180.0,
            tempo: tuple[float, float, float] | str | None = None,
            load: float | str | None = None,
            path: str | os.PathLike | None = None,
            overwrite: bool = False, **options: Any) -> pd.DataFrame:
    """Run a training program and return its week table, one row per week run.

    The session (as for `session`: `sets`, `reps`, `pause`, `rest`, `tempo`, `load` in kg or
    "75%" of the one-rep max) `sessions_per_week` times a week for `weeks` weeks, the load
    rising each week by `progression` % of the first week's. The lifter recovers fully between
    sessions and does not grow stronger, so the program shows the week where the progression
    outruns today's strength; it stops after the first week whose session fails. `path`: also
    write the program to this HDF5 file (docs/files.md 11; `sl.load` reads it back).

    Columns: week, load (kg), load_percent (of the one-rep max; NaN for a load in kg),
    reps_planned, reps_completed, completed, the session's largest peak_moment (N*m),
    peak_compression, peak_anterior_shear and peak_l5s1_compression (N), session_compression
    (the sum of its reps' cumulative L4-L5 compression, N*s), week_compression (times
    sessions_per_week), lifft_damage and lifft_risk (LiFFT with the session as a day's
    lifting, docs/model.md 5.10) and status. `frame.attrs`: status, completed, weeks_completed,
    one_rep_max, and the lifter, setup (the first week's), session and program as run. Any
    week's reps: `session(load=frame.load[i], ...)` with the same plan."""
    setup, pause = _planned_setup(setup, load, tempo, pause)
    out = _core.program(lifter, setup, {"sets": sets, "reps": reps, "pause": pause,
                                        "rest": rest},
                        {"weeks": weeks, "sessions_per_week": sessions_per_week,
                         "progression": progression}, path, overwrite, **options)
    return _frame(out["columns"], {k: v for k, v in out.items() if k != "columns"}, _WEEK_INTS)


_REP_INTS = ("set", "rep")
_WEEK_INTS = ("week", "reps_planned", "reps_completed")


def _planned_setup(setup: Any, load: Any, tempo: Any, pause: float | None) -> tuple[Any, float]:
    """The setup with the load and tempo applied, and the pause between reps."""
    if isinstance(setup, _core.Setup):
        setup = copy.copy(setup)
    elif isinstance(setup, dict):
        setup = _core.Setup.from_dict(setup)
    else:
        setup = _core.Setup.preset(setup)
    if load is not None:
        setup.load = load
    if isinstance(tempo, str):  # the command line's UP-DOWN-PAUSE, e.g. "3-3-1"
        tempo = _core.parse_tempo(tempo)
    if tempo is not None:
        if len(tempo) != 3:
            raise _core.InputError(f"tempo: {tempo!r} must be (up, down, pause) seconds, or "
                                   "UP-DOWN-PAUSE such as '3-3-1'")
        if pause is not None:
            raise _core.InputError("tempo: gives the pause already; drop pause=")
        setup.duration, setup.lowering_duration, pause = tempo
    return setup, 1.0 if pause is None else pause


def _frame(columns: dict[str, Any], attrs: dict[str, Any], ints: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(columns)
    for name in ints:
        frame[name] = frame[name].astype(int)
    attrs["setup"] = attrs["setup"].to_dict()
    attrs["lifter"] = attrs["lifter"].to_dict()
    frame.attrs.update(attrs)
    return frame


def read_session(path: str | os.PathLike, columns: Any = None) -> pd.DataFrame:
    """A session file (`spineload session --out`, `sl.session(path=...)`) as its rep table;
    `columns`: only these."""
    return _read_table(path, "reps", list(_core.session_columns()), columns, _REP_INTS,
                       ("lifter", "setup", "session"), ("lifft_damage", "lifft_risk"))


def read_program(path: str | os.PathLike, columns: Any = None) -> pd.DataFrame:
    """A program file (`spineload session --weeks ... --out`, `sl.program(path=...)`) as its
    week table; `columns`: only these."""
    return _read_table(path, "weeks", list(_core.program_columns()), columns, _WEEK_INTS,
                       ("lifter", "setup", "session", "program"))


def _plain(value: Any) -> Any:
    """A NumPy scalar from a file attribute as the Python value the in-memory table holds."""
    return value.item() if isinstance(value, np.generic) else value


def _read_table(path: str | os.PathLike, group: str, order: list[str], columns: Any,
                ints: tuple[str, ...], inputs: tuple[str, ...],
                newer_attrs: tuple[str, ...] = ()) -> pd.DataFrame:
    import h5py

    from .sweep import _text

    wanted = order if columns is None else list(columns)
    for name in wanted:
        if name not in order:
            raise _core.InputError(f"columns: {name!r} is not a column of {os.fspath(path)}")
    with h5py.File(path, "r") as f:
        table_group = f[group]
        rows = len(table_group[order[0]])

        def column(name: str) -> Any:
            if name not in table_group:  # a field newer than the file
                return np.full(rows, np.nan)
            values = table_group[name][()]
            return [_text(v) for v in values] if table_group[name].dtype.kind == "O" else values

        table = {name: column(name) for name in wanted}
        attrs = {k: _plain(_text(v)) for k, v in f.attrs.items() if k not in ("kind", "version")}
        for name in newer_attrs:  # an attribute newer than the file: NaN, like its columns
            attrs.setdefault(name, float("nan"))
        for name in inputs:
            attrs[name] = {k: _text(v) for k, v in f[name].attrs.items()}
    frame = pd.DataFrame(table)
    for name in ints:
        if name in frame:
            frame[name] = frame[name].astype(int)
    frame.attrs.update(attrs)
    return frame
