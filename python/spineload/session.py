"""Training sessions: sets x reps with each joint tiring from rep to rep (docs/model.md 5.9)."""

from __future__ import annotations

import copy
import os
from typing import Any

import numpy as np
import pandas as pd

from . import _core


def session(lifter: Any = "average_male", setup: Any = "conventional", *, sets: int = 5,
            reps: int = 3, pause: float | None = None, rest: float = 180.0,
            tempo: tuple[float, float, float] | None = None, load: float | str | None = None,
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
    `tempo` = (up, down, pause) seconds, setting the setup's `duration` and
    `lowering_duration` and the pause. `path`: also write the session to this HDF5 file
    (docs/files.md 11; `sl.load` reads it back). Options as for `simulate`.

    Columns: set, rep, start (s into the session), capacity_<joint> (each joint's strength
    left at the rep's start, a fraction of fresh), then every summary field of the rep's pull.
    `frame.attrs`: status, completed, reps_completed, one_rep_max (kg, when the load is a percentage),
    duration (s), and the lifter, setup and session as run."""
    if isinstance(setup, _core.Setup):
        setup = copy.copy(setup)
    elif isinstance(setup, dict):
        setup = _core.Setup.from_dict(setup)
    else:
        setup = _core.Setup.preset(setup)
    if load is not None:
        setup.load = load
    if tempo is not None:
        if len(tempo) != 3:
            raise _core.InputError(f"tempo: {tempo!r} must be (up, down, pause) seconds")
        if pause is not None:
            raise _core.InputError("tempo: gives the pause already; drop pause=")
        setup.duration, setup.lowering_duration, pause = tempo
    pause = 1.0 if pause is None else pause
    out = _core.session(lifter, setup, {"sets": sets, "reps": reps, "pause": pause,
                                        "rest": rest}, path, overwrite, **options)
    return _frame(out["columns"], {k: v for k, v in out.items() if k != "columns"})


def _frame(columns: dict[str, Any], attrs: dict[str, Any]) -> pd.DataFrame:
    frame = pd.DataFrame(columns)
    for name in ("set", "rep"):
        frame[name] = frame[name].astype(int)
    attrs["setup"] = attrs["setup"].to_dict()
    attrs["lifter"] = attrs["lifter"].to_dict()
    frame.attrs.update(attrs)
    return frame


def read_session(path: str | os.PathLike, columns: Any = None) -> pd.DataFrame:
    """A session file (`spineload session --out`, `sl.session(path=...)`) as its rep table;
    `columns`: only these."""
    import h5py

    from .sweep import _text

    order = list(_core.session_columns())
    wanted = order if columns is None else list(columns)
    for name in wanted:
        if name not in order:
            raise _core.InputError(f"columns: {name!r} is not a column of {os.fspath(path)}")
    with h5py.File(path, "r") as f:
        reps = f["reps"]
        rows = len(reps["set"])

        def column(name: str) -> Any:
            if name not in reps:  # a summary field newer than the file
                return np.full(rows, np.nan)
            values = reps[name][()]
            return [_text(v) for v in values] if reps[name].dtype.kind == "O" else values

        table = {name: column(name) for name in wanted}
        attrs = {k: _text(v) for k, v in f.attrs.items() if k not in ("kind", "version")}
        for group in ("lifter", "setup", "session"):
            attrs[group] = {k: _text(v) for k, v in f[group].attrs.items()}
    frame = pd.DataFrame(table)
    for name in ("set", "rep"):
        if name in frame:
            frame[name] = frame[name].astype(int)
    frame.attrs.update(attrs)
    return frame
