"""Sweeps: many pulls in C++ threads (one engine, docs/files.md), into a DataFrame or HDF5."""

from __future__ import annotations

import contextlib
import difflib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from . import _core

MAX_PULLS = 10_000_000  # larger sweeps are refused with an estimate unless max_pulls is raised


def sweep(lifters: Any, setups: Any | Iterable[Any] | Mapping[str, Sequence],
          threads: int | None = None, series: bool = False, progress: bool | None = None,
          max_pulls: int = MAX_PULLS, client: Any = None, samples: int | None = None,
          seed: int | None = None, uncertainty: str | os.PathLike | None = None,
          **options: Any) -> pd.DataFrame:
    """Run every lifter x setup, or every lifter x grid {field: values}, in C++ threads.

    lifters / setups: objects, preset names, .toml paths or dicts (one, or a list); a grid
    dict's values are numbers, booleans or names (the "lifter" and "setup" axes take preset
    names). One row per pull: the inputs (lifter_* and the setup fields), the summary and
    `error` ("" or why the setup is impossible: then its numbers are NaN and flags NA). With
    series=True a `result` column holds each Result. Ctrl-C stops after the current chunk and
    raises KeyboardInterrupt. Options are SimulationOptions fields.

    client: a dask.distributed Client: the rows run on its workers in chunks (sweep_on_cluster
    into a temporary folder) and come back as the same DataFrame, row for row (with bands too).

    samples (and seed, uncertainty: as for compare): every row also gets, for each numeric
    summary field, `<field>_p05`, `<field>_median` and `<field>_p95` over that many samples of
    the uncertain inputs (docs/model.md 9); the field itself stays the nominal pull's.
    plot_sweep shades those bands.
    """
    banded = samples is not None or seed is not None or uncertainty is not None
    if banded and client is None:
        if series:
            raise _core.InputError("samples: bands are of summaries (not with series=True)")
        with _progress_bar(progress) as update:
            result = _core.sweep_bands(lifters, setups, samples=samples, seed=seed,
                                       uncertainty=uncertainty, threads=threads or 0,
                                       progress=update, max_pulls=max_pulls, **options)
        frame = _frame(result["table"])
        frame.attrs.update({"samples": result["samples"], "seed": result["seed"]})
        return frame
    if client is not None:
        if series:
            raise _core.InputError("series = True: a sweep on a cluster keeps summaries only")
        import tempfile

        from .distributed import read_distributed, sweep_on_cluster

        with tempfile.TemporaryDirectory(prefix="spineload-sweep-") as folder:
            bands = {"samples": samples, "seed": seed, "uncertainty": uncertainty} if banded \
                else {}
            ran = sweep_on_cluster(client, folder, lifters, setups, max_pulls=max_pulls,
                                   threads=threads or 0, **bands, **options)
            frame = read_distributed(folder)
            if not frame.attrs["complete"]:
                raise _core.IoError("the cluster's sweep came back incomplete")
            if banded:
                frame.attrs.update({"samples": ran["samples"], "seed": ran["seed"]})
            return frame
    with _progress_bar(progress) as update:
        table = _core.sweep_table(lifters, setups, threads=threads, series=series,
                                  progress=update, max_pulls=max_pulls, **options)
    return _frame(table)


def sweep_to_hdf5(path: str | os.PathLike, lifter: Any, setup: Any,
                  grid: Mapping[str, Sequence], threads: int | None = None,
                  progress: bool | None = None, series: bool = False, overwrite: bool = False,
                  resume: bool = False, max_pulls: int = MAX_PULLS,
                  **options: Any) -> dict[str, Any]:
    """Stream a grid sweep to HDF5 with flat memory (layout: docs/files.md).

    The file is `path`.partial until every row is in; interrupted (Ctrl-C) or killed, it keeps
    every flushed row and resume=True completes it, each pull once. An existing file is
    replaced only with overwrite=True. Returns {"count", "rows", "completed", "failed",
    "errors", "interrupted"} (the outcome counts are also attributes of the file).
    """
    with _progress_bar(progress) as update:
        return _core.sweep_to_hdf5(path, lifter, setup, grid, threads=threads, series=series,
                                   progress=update, overwrite=overwrite, resume=resume,
                                   max_pulls=max_pulls, **options)


def read_sweep(path: str | os.PathLike, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """A sweep file (complete, or the .partial of an interrupted sweep) as a DataFrame: one
    row per pull, columns named as sweep() names them; the swept axes in `attrs["axes"]`.
    `columns`: only these (and `error`), read without the rest."""
    import h5py

    with _open(path) as f:
        paths = [c for c in str(_text(f.attrs["columns"])).split(",")  # table order
                 if c.startswith(("inputs/", "summary/")) or c == "error"]
        columns = {p: f[p] for p in _chosen_paths(paths, columns, os.fspath(path))}
        # an interrupted file may hold a few more values in some columns: keep whole rows
        rows = min(len(d) for d in columns.values())
        table = {}
        for name, dataset in columns.items():
            table[name] = (_text_column(dataset, rows)
                           if h5py.check_string_dtype(dataset.dtype) is not None
                           else dataset[:rows])
        attrs = {k: _text(v) for k, v in f.attrs.items()}
    frame = _frame(table)
    frame.attrs.update(attrs)
    frame.attrs["axes"] = [a for a in str(attrs.get("axes", "")).split(",") if a]
    frame.attrs["complete"] = bool(attrs.get("complete", False))
    return frame


def _text_column(dataset: Any, rows: int | None = None) -> np.ndarray:
    """A fixed-length text column as Python strings: each distinct value decoded once (a
    sweep's `status` has a few dozen, its `error` mostly none), 2-3x faster than h5py's asstr
    for a million rows."""
    raw = dataset[:rows]
    if (raw == b"").all():
        return np.full(len(raw), "", dtype=object)
    decoded: dict[bytes, str] = {}
    return np.array([decoded[b] if b in decoded else decoded.setdefault(b, b.decode("utf-8"))
                     for b in raw.tolist()], dtype=object)


def _chosen_paths(paths: list[str], columns: Iterable[str] | None, where: str) -> list[str]:
    """The sweep file's column paths of the DataFrame columns asked for (every one for None),
    in file order, with `error` always: it marks the rows where nothing was simulated."""
    if columns is None:
        return paths
    if isinstance(columns, str):
        columns = [columns]
    by_name = {_python_name(p): p for p in paths}
    for name in columns:
        if name not in by_name:
            hint = difflib.get_close_matches(name, list(by_name), n=1)
            raise _core.InputError(f"columns: {name!r} is not a column of {where}"
                                   + (f"; did you mean {hint[0]!r}?" if hint else ""))
    chosen = {by_name[name] for name in columns} | {"error"}
    return [p for p in paths if p in chosen]


def _python_name(path: str) -> str:
    """A sweep file's column path as sweep() names the DataFrame column."""
    for prefix, replacement in (("inputs/lifter/", "lifter_"), ("inputs/setup/", ""),
                                ("summary/", "")):
        if path.startswith(prefix):
            return replacement + path[len(prefix):]
    return path


def _text(value: Any) -> Any:
    return value.decode() if isinstance(value, bytes) else value


def _frame(table: dict[str, Any]) -> pd.DataFrame:
    """A table keyed by sweep-file paths as the DataFrame users get (the one naming rule)."""
    frame = pd.DataFrame({_python_name(k): v for k, v in table.items() if k != "index"})
    errors = frame["error"].astype(str) != ""
    if errors.any():
        # nothing was simulated for these rows: their flags are missing, not False
        for name in frame.columns:
            if frame[name].dtype == bool:
                frame[name] = frame[name].astype("boolean").mask(errors)
    frame.index.name = "pull"
    return frame


def _sweep_file_kind(path: str | os.PathLike) -> str:
    with _open(path) as f:
        return str(_text(f.attrs.get("kind", "pull")))


def _open(path: str | os.PathLike):
    import h5py

    try:
        return h5py.File(path, "r")
    except OSError:
        # a sweep killed while writing keeps its "open for writing" mark: SWMR readers see
        # every flushed row
        return h5py.File(path, "r", libver="latest", swmr=True)


@contextlib.contextmanager
def _progress_bar(progress: bool | None) -> Iterator[Callable[[int, int], None] | None]:
    """A tqdm bar's update(done, total) while the sweep runs (None: no bar), closed after."""
    if progress is False or (progress is None and not _in_notebook()):
        yield None
        return
    from tqdm.auto import tqdm

    bar = tqdm(total=None, unit="pull")

    def update(done: int, total: int) -> None:
        if bar.total != total:
            bar.total = total
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        bar.close()


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython

        shell = get_ipython()
        return shell is not None and "IPKernelApp" in shell.config
    except Exception:
        return False
