"""Reading files back, and the scaled model as a table."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

import pandas as pd

from . import _core


def load(path: str | os.PathLike,
         columns: Iterable[str] | None = None) -> _core.Result | pd.DataFrame:
    """Read a spineload file: one pull (`simulate --out`, Result.save) as a Result, or a sweep
    (`spineload sweep`, sweep_to_hdf5, or the .partial file of an interrupted sweep; or the
    folder of sweep_on_cluster) as a DataFrame with one row per pull, or a training session
    (`spineload session --out`, `sl.session(path=...)`) as its rep table, or a program
    (`spineload session --weeks ... --out`, `sl.program(path=...)`) as its week table.

    `columns` (a sweep, session or program): only these DataFrame columns (and a sweep's `error`) are
    read; the rest stay on disk (a 1M-row sweep: 9.7 s whole, a fraction of a second for a
    few columns)."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"no such file: {path}")
    if os.path.isdir(path) and os.path.exists(os.path.join(path, "manifest.json")):
        from .distributed import read_distributed  # a sweep run on a Dask cluster

        return read_distributed(path, columns)
    from .sweep import _sweep_file_kind, read_sweep

    kind = _sweep_file_kind(path)
    if kind == "sweep":
        return read_sweep(path, columns)
    if kind == "session":
        from .session import read_session

        return read_session(path, columns)
    if kind == "program":
        from .session import read_program

        return read_program(path, columns)
    if columns is not None:
        raise _core.InputError(f"columns: {path} is one pull (a Result), not a sweep table")
    return _core.load_result(path)


def model(lifter: Any, load: float = 100.0, setup: Any = None) -> pd.DataFrame:
    """The scaled segments (mass kg, length m, com_x/com_y m, inertia kg*m^2) plus the bar.

    `lifter`: a Lifter, a preset name, a .toml path or a dict. With a `setup` (a Setup, preset
    name, .toml path or dict), the model its pull runs on: the setup's load, the arms folded
    for a chest hold and the thighs and feet as its stance shows them from the side (`load` is
    then ignored). Joints, spine parameters, foot geometry and the stance are in the frame's
    `attrs`."""
    data = _core.model_dict(lifter, load, setup)
    rows = list(data["segments"])
    rows.append({"name": "bar", "proximal": "hand", "distal": "hand", "mass": data["bar_mass"],
                 "length": 0.0, "com_x": 0.0, "com_y": 0.0, "inertia": 0.0})
    frame = pd.DataFrame(rows).set_index("name")
    frame.attrs.update({k: data[k] for k in ("ankle", "heel_x", "toe_x", "l4l5_fraction",
                                             "joints", "spine", "body_mass", "folded_arms",
                                             "stance")})
    return frame
