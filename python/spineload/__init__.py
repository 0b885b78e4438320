"""spineload: a sagittal-plane deadlift simulator and L4-L5 spinal load calculator.

    import spineload as sl
    result = sl.simulate(sl.Lifter.preset("average_male"), sl.Setup(load=100))
    result.summary["peak_compression"], result.l4l5.compression

Equations and sources: docs/model.md. Units: SI, angles in degrees where a name ends in _deg.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Callable

import numpy as np
import pandas as pd

from . import _core
from ._core import CHANNELS, InputError, Lifter, Setup, SimulationOptions

__version__ = _core.__version__
__all__ = [
    "CHANNELS",
    "InputError",
    "Lifter",
    "Result",
    "Setup",
    "SimulationOptions",
    "load",
    "model",
    "simulate",
    "sweep",
    "sweep_to_hdf5",
]


# --- inputs: presets, dicts and TOML (the classes come from C++) --------------------------------

def _preset(kind: str, loader: Callable[[str], Any], names: Callable[[], list]) -> Callable:
    def preset(name: str):
        """A built-in preset by name (see `preset_names()`), or a TOML file path."""
        return loader(name)

    preset.__name__ = "preset"
    preset.__doc__ = f"A built-in {kind} preset by name, or a TOML file path."
    return staticmethod(preset)


def _from_dict(cls):
    def from_dict(data: Mapping[str, Any]):
        """Build from a dict of field values (unknown keys raise InputError)."""
        return cls(**dict(data))

    return staticmethod(from_dict)


def _bind_toml(cls, to_text, from_text):
    def to_toml(self, path: str | os.PathLike | None = None) -> str:
        """TOML text of every field; also written to `path` when given."""
        text = to_text(self)
        if path is not None:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        return text

    def from_toml(path_or_text: str | os.PathLike):
        """Read a TOML file (or TOML text)."""
        text = str(path_or_text)
        if os.path.exists(text):
            with open(text, encoding="utf-8") as f:
                text = f.read()
        return from_text(text)

    cls.to_toml = to_toml
    cls.from_toml = staticmethod(from_toml)


Lifter.preset = _preset("lifter", _core.load_lifter, _core.lifter_preset_names)
Lifter.preset_names = staticmethod(_core.lifter_preset_names)
Lifter.from_dict = _from_dict(Lifter)
Setup.preset = _preset("setup", _core.load_setup, _core.setup_preset_names)
Setup.preset_names = staticmethod(_core.setup_preset_names)
Setup.from_dict = _from_dict(Setup)
SimulationOptions.from_dict = _from_dict(SimulationOptions)
_bind_toml(Lifter, _core.lifter_to_toml, _core.lifter_from_toml)
_bind_toml(Setup, _core.setup_to_toml, _core.setup_from_toml)


# --- results ------------------------------------------------------------------------------------

class _Group:
    """Attribute access to the channels under one HDF5 group (result.l4l5.compression)."""

    def __init__(self, result: Result, prefix: str):
        self._result = result
        self._prefix = prefix

    def __getattr__(self, name: str) -> np.ndarray:
        try:
            return self._result._core.channel(f"{self._prefix}/{name}")
        except KeyError:
            raise AttributeError(name) from None

    def __dir__(self):
        return [c["path"].split("/", 1)[1] for c in CHANNELS if c["path"].startswith(self._prefix)]


class Result:
    """One simulated pull: NumPy views of every channel, the summary, pandas and HDF5."""

    def __init__(self, core: _core.Result):
        self._core = core
        self.l4l5 = _Group(self, "l4l5")

    @property
    def summary(self) -> dict:
        """The summary dict (the keys of `spineload simulate --json`)."""
        return json.loads(self._core.summary_json())

    @property
    def lifter(self) -> Lifter:
        return self._core.lifter

    @property
    def setup(self) -> Setup:
        return self._core.setup

    @property
    def options(self) -> SimulationOptions:
        return self._core.options

    @property
    def samples(self) -> int:
        """Number of output samples."""
        return self._core.samples

    def __getattr__(self, name: str) -> np.ndarray:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._core.channel(name)
        except KeyError:
            raise AttributeError(name) from None

    def __dir__(self):
        return sorted(set(super().__dir__()) | {c["path"] for c in CHANNELS if "/" not in c["path"]})

    def __repr__(self) -> str:
        s = self.summary
        return (f"<spineload.Result {self.setup.name!r} {s['status']}: peak moment "
                f"{s['peak_moment']:.0f} N*m, compression {s['peak_compression']:.0f} N, "
                f"shear {s['peak_shear']:.0f} N>")

    def __str__(self) -> str:
        return self._core.summary_text()

    def to_pandas(self) -> pd.DataFrame:
        """One row per sample, indexed by time (s); multi-column channels get suffixes."""
        columns = {}
        for c in CHANNELS:
            if c["path"] == "time":
                continue
            data = self._core.channel(c["path"])
            if c["width"] == 1:
                columns[c["names"][0]] = data
            else:
                for i, name in enumerate(c["names"]):
                    columns[name] = data[:, i]
        return pd.DataFrame(columns, index=pd.Index(self._core.channel("time"), name="time"))

    def save(self, path: str | os.PathLike) -> None:
        """Write the documented HDF5 layout (readable by h5py); complete or not at all."""
        self._core.save(os.fspath(path))


def simulate(lifter: Lifter, setup: Setup | None = None, **options: Any) -> Result:
    """Simulate one pull. Options are SimulationOptions fields (rate, rtol, atol, ...)."""
    core = _core.simulate(lifter, setup if setup is not None else Setup(), SimulationOptions(**options))
    return Result(core)


def load(path: str | os.PathLike) -> Result:
    """Read a file written by Result.save or `spineload simulate --out`."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"no such file: {path}")
    return Result(_core.load_result(path))


def model(lifter: Lifter, load: float = 100.0) -> pd.DataFrame:
    """The scaled segments (mass kg, length m, com_x/com_y m, inertia kg*m^2) plus the bar."""
    data = json.loads(_core.model_json(lifter, load))
    rows = []
    for seg in data["segments"] + [data["foot"]]:
        rows.append({"name": seg["name"], "proximal": seg["proximal"], "distal": seg["distal"],
                     "mass": seg["mass"], "length": seg["length"], "com_x": seg["com"]["x"],
                     "com_y": seg["com"]["y"], "inertia": seg["inertia"]})
    rows.append({"name": "bar", "proximal": "hand", "distal": "hand", "mass": data["bar"]["mass"],
                 "length": 0.0, "com_x": 0.0, "com_y": 0.0, "inertia": 0.0})
    frame = pd.DataFrame(rows).set_index("name")
    frame.attrs.update({k: data[k] for k in ("ankle", "heel_x", "toe_x", "l4l5", "joints", "spine")})
    return frame


# --- sweeps -------------------------------------------------------------------------------------

def _as_list(value, cls) -> list:
    if isinstance(value, cls):
        return [value]
    return list(value)


def _cases(lifters, setups) -> list[tuple[Lifter, Setup]]:
    lifter_list = _as_list(lifters, Lifter)
    if isinstance(setups, Mapping):
        base = Setup()
        fields = list(setups)
        cases = []
        setup_fields = {f["name"] for f in Setup.fields()}
        for lifter in lifter_list:
            for values in itertools.product(*(_as_list(setups[f], (str, float, int, bool))
                                              for f in fields)):
                l, s = Lifter(**lifter.to_dict()), Setup(**base.to_dict())
                for name, value in zip(fields, values):
                    target = s if name in setup_fields else l
                    setattr(target, name, float(value) if isinstance(value, int)
                            and not isinstance(value, bool) else value)
                cases.append((l, s))
        return cases
    return [(l, s) for l in lifter_list for s in _as_list(setups, Setup)]


def _progress_bar(total: int, progress):
    if progress is False or (progress is None and not _in_notebook()):
        return None, None
    from tqdm.auto import tqdm

    bar = tqdm(total=total, unit="pull")

    def update(done, _total):
        bar.update(done - bar.n)

    return bar, update


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython

        return get_ipython() is not None and "IPKernelApp" in get_ipython().config
    except Exception:
        return False


def sweep(lifters: Lifter | Iterable[Lifter], setups: Setup | Iterable[Setup] | Mapping[str, Sequence],
          threads: int | None = None, series: bool = False, progress: bool | None = None,
          **options: Any) -> pd.DataFrame:
    """Run every lifter x setup (or x grid dict {field: values}) in C++ threads, GIL released.

    One row per pull: the inputs (lifter_* and setup fields) and the summary. A pull that
    cannot be set up is a row with `error` set, not an exception. With series=True a `result`
    column holds each Result. A tqdm bar shows when progress=True or in a notebook.
    """
    opts = SimulationOptions(**options)
    if isinstance(setups, Mapping) and not series:
        return _sweep_grid(_as_list(lifters, Lifter), setups, opts, threads, progress)
    cases = _cases(lifters, setups)
    bar, update = _progress_bar(len(cases), progress)
    try:
        if series:
            results, errors = _core.simulate_many(cases, opts, threads or 0)
            table = {"result": [Result(r) if not e else None for r, e in zip(results, errors)],
                     "error": errors}
            summaries = [json.loads(r.summary_json()) if not e else {} for r, e in zip(results, errors)]
            # the same scalar summary columns as the table path (no nested start_* objects)
            for key, _unit in _core.summary_fields():
                table[key] = [s.get(key) for s in summaries]
            if update:
                update(len(cases), len(cases))
        else:
            table = _core.sweep_table(cases, opts, threads or 0, update)
    finally:
        if bar is not None:
            bar.close()
    inputs = pd.DataFrame([{**{f"lifter_{k}": v for k, v in l.to_dict().items()}, **s.to_dict()}
                           for l, s in cases])
    return pd.concat([inputs, pd.DataFrame(table)], axis=1)


def _axis_text(value) -> str:
    """A grid value as the text a spec file would hold (the C++ side parses it)."""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    return str(value)


def _axes(grid: Mapping[str, Sequence]) -> list[tuple[str, list[str]]]:
    """A grid dict as the (field, [value text]) axes the C++ sweep takes."""
    return [(name, [_axis_text(v) for v in _as_list(values, (str, float, int, bool))])
            for name, values in grid.items()]


def _sweep_grid(lifters: list[Lifter], grid: Mapping[str, Sequence], opts: SimulationOptions,
                threads: int | None, progress: bool | None) -> pd.DataFrame:
    """Grid sweeps expanded and tabulated in C++ (inputs and summaries), one per lifter."""
    axes = _axes(grid)
    per_lifter = int(np.prod([len(v) for _, v in axes]))
    bar, update = _progress_bar(per_lifter * len(lifters), progress)
    frames = []
    try:
        for i, lifter in enumerate(lifters):
            done_before = i * per_lifter
            step = (lambda done, _total: update(done_before + done, 0)) if update else None
            frames.append(pd.DataFrame(_core.sweep_grid_table(lifter, Setup(), axes, opts,
                                                              threads or 0, step)))
    finally:
        if bar is not None:
            bar.close()
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def sweep_to_hdf5(path: str | os.PathLike, lifter: Lifter, setup: Setup,
                  grid: Mapping[str, Sequence], threads: int | None = None,
                  progress: bool | None = None, series: bool = False,
                  **options: Any) -> dict[str, int]:
    """Stream a large grid sweep to HDF5 (memory stays flat): /inputs, /summary, /error, and
    with series=True /series (one row per sample of every pull, `pull` = its sweep row; column
    names as Result.to_pandas).

    Returns how the pulls ended: {"count", "completed", "failed", "errors"} (the same numbers
    are attributes of the file).
    """
    axes = _axes(grid)
    total = int(np.prod([len(v) for _, v in axes]))
    bar, update = _progress_bar(total, progress)
    try:
        opts = SimulationOptions(**options)
        opts.store_series = series
        return _core.sweep_grid_to_hdf5(lifter, setup, axes, opts, os.fspath(path),
                                        threads or 0, update)
    finally:
        if bar is not None:
            bar.close()
