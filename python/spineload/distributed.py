"""Sweeps on a Dask cluster (docs/files.md section 9): the rows split into chunks, each chunk a
multi-threaded C++ sweep on a worker, written as its own HDF5 file; a manifest names them.
A chunk whose worker is lost runs again elsewhere (Dask reschedules it); a sweep run again
into the same folder skips the chunks already written; every pull appears once, with its
row id (`pull`) the same as a single-machine sweep's.

    from dask.distributed import Client
    client = Client("tcp://scheduler:8786")          # or Client() for a local cluster
    sl.sweep_on_cluster(client, "big_sweep", "average_male", {"load": range(40, 200, 5)})
    frame = sl.load("big_sweep")                     # one DataFrame, index = pull

Needs `pip install "spineload[dask]"`; the single-machine sweeps need nothing of it.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from .sweep import MAX_PULLS, _chosen_paths, _frame, _text_column

MANIFEST = "manifest.json"
FORMAT = "spineload distributed sweep 1"


def _portable(value: Any) -> Any:
    """Inputs as plain data a worker can unpickle (and a hash can read in full): Lifter/Setup
    objects become dicts, arrays and Series lists."""
    if isinstance(value, (np.ndarray, pd.Series, pd.Index)):
        return [_portable(v) for v in value.tolist()]
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, Mapping):
        return {k: _portable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, range)):
        return [_portable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def _chunk_name(number: int) -> str:
    return f"chunk-{number:06d}.h5"


def _write_chunk(path: Path, table: dict[str, Any], first: int, end: int, spec_id: str) -> None:
    """One chunk's rows as an HDF5 file, written whole or not at all (OUT.partial, renamed)."""
    import h5py

    # a name of its own: a retried task and a first attempt never write the same file
    partial = path.with_name(f"{path.name}.{uuid.uuid4().hex}.partial")
    with h5py.File(partial, "w") as f:
        for name, values in table.items():
            values = np.asarray(values)
            if values.dtype.kind in "OU":
                f.create_dataset(name, data=values.astype(object), dtype=h5py.string_dtype())
            else:
                f.create_dataset(name, data=values)
        f.attrs["columns"] = ",".join(table)
        f.attrs["first"] = first
        f.attrs["end"] = end
        f.attrs["spec"] = spec_id
        f.attrs["kind"] = "sweep chunk"
    os.replace(partial, path)


def _run_chunk(folder: str, number: int, first: int, end: int, work: dict[str, Any],
               threads: int, spec_id: str, version: str) -> dict[str, int]:
    """On a worker: rows [first, end) in C++ threads, into the chunk's file. `work` is a spec
    file's text or lifters, setups and options."""
    if version != _core.__version__:
        raise _core.InputError(f"version = {_core.__version__!r} on this worker: the sweep was "
                               f"started with spineload {version}; install the same everywhere")
    threads = threads or 1  # 0: one per task (the worker's own threads run tasks side by side)
    table = {"index": np.arange(first, end, dtype=np.uint64)}  # the row ids, in order
    limit = MAX_PULLS * 1000  # the whole sweep was checked against the caller's limit
    if "spec" in work:
        table.update(_core.sweep_spec_table(work["spec"], work["origin"], (first, end),
                                            threads=threads, max_pulls=limit))
    elif "bands" in work:  # each row with the 5-95% bands of its samples
        table.update(_core.sweep_bands(work["lifters"], work["setups"], threads=threads,
                                       rows=(first, end), max_pulls=limit, **work["bands"],
                                       **work["options"])["table"])
    else:
        table.update(_core.sweep_table(work["lifters"], work["setups"], threads=threads,
                                       rows=(first, end), max_pulls=limit, **work["options"]))
    _write_chunk(Path(folder) / _chunk_name(number), table, first, end, spec_id)
    return {"chunk": number, "rows": end - first}


def _chunk_done(path: Path, first: int, end: int, spec_id: str) -> bool:
    """A chunk file already written, whole, by this sweep."""
    import h5py

    if not path.exists():
        return False
    try:
        with h5py.File(path, "r") as f:
            return (int(f.attrs["first"]) == first and int(f.attrs["end"]) == end
                    and str(f.attrs["spec"]) == spec_id and len(f["index"]) == end - first)
    except (OSError, KeyError):
        return False  # a damaged file: run the chunk again


def sweep_on_cluster(client: Any, path: str | os.PathLike, lifters: Any = None,
                     setups: Any | Iterable[Any] | Mapping[str, Sequence] = None, *,
                     spec: str | os.PathLike | None = None, chunk_rows: int = 2000,
                     threads: int = 0, max_pulls: int = MAX_PULLS,
                     progress: Callable[[int, int], None] | None = None,
                     samples: int | None = None, seed: int | None = None,
                     uncertainty: str | os.PathLike | None = None,
                     **options: Any) -> dict[str, Any]:
    """Run a sweep (lifters x setups, as sl.sweep takes them, or a sweep spec file `spec` as
    `spineload sweep` reads it) on a Dask cluster into the folder `path`: one HDF5 file per
    chunk of `chunk_rows` rows and a manifest (docs/files.md §9).

    `threads`: C++ threads per task (0 = one, as the workers' own threads run tasks side by
    side; give a worker one thread and more here to run each chunk threaded). The folder must
    be reachable at the same absolute path from every worker (a shared file system), as must
    any lifter or setup file the sweep names; every worker needs the same spineload version.

    `samples`, `seed`, `uncertainty` (lifters x setups, as for sl.sweep): every row also gets
    the 5-95% bands of its summaries over that many samples (a spec file gives them in its
    [uncertainty] table); the returned dict then has `samples` and `seed`. An `uncertainty`
    file must be reachable from every worker too.

    Chunks already in the folder from an earlier run of the same sweep are skipped, so an interrupted
    sweep is completed by running the same call again; a folder holding a different sweep is
    refused. `progress(rows_done, rows)` is called as chunks finish. Returns {"rows", "chunks",
    "ran", "skipped"}. Read the result with sl.load(path)."""
    folder = Path(path)
    if not isinstance(chunk_rows, int) or chunk_rows < 1:
        raise _core.InputError(f"chunk_rows = {chunk_rows!r}: a whole number of rows, at least 1")
    banded = samples is not None or seed is not None or uncertainty is not None
    if spec is not None:
        if lifters is not None or setups is not None or options or banded:
            raise _core.InputError("spec: a spec file holds the lifters, setups, options and "
                                   "[uncertainty]; give either it or them")
        origin = os.fspath(spec)
        work: dict[str, Any] = {"spec": Path(spec).read_text(), "origin": origin}
        rows, axes = _core.sweep_spec_size(work["spec"], origin, max_pulls=max_pulls)
        described: dict[str, Any] = {"spec": work["spec"]}
        columns = list(_core.sweep_spec_table(work["spec"], origin, (0, 0),
                                              max_pulls=max_pulls))
    else:
        if lifters is None or setups is None:
            raise _core.InputError("lifters, setups: both are needed (or a spec file)")
        lifters, setups = _portable(lifters), _portable(setups)
        work = {"lifters": lifters, "setups": setups,
                "options": dict(sorted(_portable(options).items()))}
        rows = _core.sweep_size(lifters, setups, max_pulls=max_pulls)
        described = dict(work)
        if banded:
            # workers read the file at the same absolute path (a shared file system)
            work["bands"] = {"samples": samples, "seed": seed, "uncertainty": None
                             if uncertainty is None else os.path.abspath(os.fspath(uncertainty))}
            # every sample is a pull: the caller's limit counts them (checked here, once, with
            # the spreads and the options; no row runs)
            checked = _core.sweep_bands(lifters, setups, samples=samples, seed=seed,
                                        uncertainty=work["bands"]["uncertainty"],
                                        max_pulls=max_pulls, rows=(0, 0), **options)
            drawn = {"samples": checked["samples"], "seed": checked["seed"]}
            columns = list(checked["table"])
            # the spreads identify the sweep: the file's text, not its name
            described["bands"] = {**work["bands"], "uncertainty": None if uncertainty is None
                                  else Path(uncertainty).read_text()}
        else:
            columns = list(_core.sweep_table(lifters, setups, rows=(0, 0), max_pulls=max_pulls,
                                             **options))
        axes = list(setups) if isinstance(setups, dict) else []
    # what identifies the sweep (its grid's axis order too: it orders the rows, and the table's
    # columns: a folder started by a version with other columns is refused, as --resume
    # refuses such a file): a restart must be the same one
    described["columns"] = columns
    text = json.dumps({**described, "version": _core.__version__}, default=str)
    spec_id = _hash_text(text)
    folder.mkdir(parents=True, exist_ok=True)
    manifest_path = folder / MANIFEST
    chunks = [(n, first, min(first + chunk_rows, rows))
              for n, first in enumerate(range(0, rows, chunk_rows))]
    manifest = {"format": FORMAT, "spec_id": spec_id, "sweep": json.loads(text), "axes": axes,
                "rows": rows, "chunk_rows": chunk_rows,
                "chunks": [{"file": _chunk_name(n), "first": a, "end": b} for n, a, b in chunks]}
    if manifest_path.exists():
        old = json.loads(manifest_path.read_text())
        if old.get("spec_id") != spec_id:
            raise _core.InputError(
                f"path = {os.fspath(path)!r}: holds another sweep (its manifest differs); "
                "choose another folder or remove it")
        if old.get("chunk_rows") != chunk_rows:
            raise _core.InputError(
                f"chunk_rows = {chunk_rows}: this sweep's folder was started with "
                f"{old.get('chunk_rows')}; run it again with that")
    else:
        try:  # created once: a second sweep started into the same folder finds it
            with open(manifest_path, "x") as f:
                f.write(json.dumps(manifest, indent=1))
        except FileExistsError:
            return sweep_on_cluster(client, path, None if spec else lifters,
                                    None if spec else setups, spec=spec, chunk_rows=chunk_rows,
                                    threads=threads, max_pulls=max_pulls, progress=progress,
                                    samples=samples, seed=seed, uncertainty=uncertainty,
                                    **({} if spec else options))
    todo = [c for c in chunks if not _chunk_done(folder / _chunk_name(c[0]), c[1], c[2], spec_id)]
    skipped = len(chunks) - len(todo)
    done_rows = sum(b - a for n, a, b in chunks) - sum(b - a for n, a, b in todo)
    if progress:
        progress(done_rows, rows)
    from dask.distributed import as_completed

    # every worker writes to this absolute path: a folder every worker reaches at the same path.
    # `work` goes with each task (a few kB): scattered data would be lost with its worker
    where = os.fspath(folder.resolve())
    run_id = uuid.uuid4().hex[:8]  # task keys are the scheduler's: two runs never share one
    futures = [client.submit(_run_chunk, where, n, a, b, work, threads, spec_id,
                             _core.__version__, key=f"spineload-chunk-{spec_id}-{run_id}-{n}",
                             pure=False)
               for n, a, b in todo]
    try:
        for future in as_completed(futures):
            done_rows += future.result()["rows"]
            if progress:
                progress(done_rows, rows)
    except BaseException:
        # Ctrl-C or a failure: the chunks not yet started are dropped (those written stay, and
        # running the same sweep again completes it)
        client.cancel(futures)
        raise
    missing = [n for n, a, b in chunks
               if not _chunk_done(folder / _chunk_name(n), a, b, spec_id)]
    if missing:
        raise _core.IoError(f"{where}: chunks {missing[:5]} were reported done but are not in "
                            "the folder: is it the same path on every worker?")
    return {"rows": rows, "chunks": len(chunks), "ran": len(todo), "skipped": skipped,
            **(drawn if spec is None and banded else {})}


def _hash_text(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()[:16]


def read_distributed(path: str | os.PathLike,
                     columns: Iterable[str] | None = None) -> pd.DataFrame:
    """The chunks of a distributed sweep folder as one DataFrame, indexed by pull (row id);
    `attrs["complete"]` says whether every chunk is there (missing chunks leave gaps).
    `columns`: only these (and `error`)."""
    import h5py

    folder = Path(path)
    manifest = json.loads((folder / MANIFEST).read_text())
    frames = []
    present = 0
    for chunk in manifest["chunks"]:
        file = folder / chunk["file"]
        if not _chunk_done(file, chunk["first"], chunk["end"], manifest["spec_id"]):
            continue
        with h5py.File(file, "r") as f:
            table = {}
            paths = [p for p in str(f.attrs["columns"]).split(",") if p != "index"]
            for name in ["index", *_chosen_paths(paths, columns, os.fspath(path))]:
                dataset = f[name]
                table[name] = (_text_column(dataset) if h5py.check_string_dtype(dataset.dtype)
                               else dataset[:])
        frame = _frame(table)
        frame.index = pd.Index(np.asarray(table["index"], dtype=np.int64), name="pull")
        frames.append(frame)
        present += 1
    if not frames:
        raise _core.IoError(f"{os.fspath(path)}: no chunk of the sweep is written yet")
    out = pd.concat(frames)
    out.attrs["complete"] = present == len(manifest["chunks"])
    out.attrs["rows"] = manifest["rows"]
    out.attrs["axes"] = manifest.get("axes", [])
    return out


def main(argv: list[str]) -> int:
    """`spineload sweep SPEC --out FOLDER --scheduler ADDRESS`: a sweep spec on a Dask cluster
    (docs/cli.md). ADDRESS "local" starts a cluster on this machine."""
    import argparse
    import sys
    import time

    parser = argparse.ArgumentParser(
        prog="spineload sweep", description="run a sweep spec on a Dask cluster into a folder")
    parser.add_argument("spec", help="sweep specification (TOML, docs/files.md)")
    parser.add_argument("--out", required=True, help="the folder of chunk files and manifest")
    parser.add_argument("--scheduler", required=True,
                        help="the Dask scheduler's address (tcp://host:8786), or local")
    parser.add_argument("--chunk-rows", type=int, default=2000, help="pulls per task")
    parser.add_argument("--threads", type=int, default=0,
                        help="C++ threads per task (0 = one: the workers' threads run tasks "
                             "side by side)")
    parser.add_argument("--max-pulls", type=int, default=MAX_PULLS,
                        help="refuse larger sweeps (with an estimate)")
    args = parser.parse_args(argv)
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as e:
        print(f"spineload: error: --scheduler needs Dask (pip install \"spineload[dask]\"): {e}",
              file=sys.stderr)
        return 2
    if not os.path.isfile(args.spec):
        print(f"spineload: error: spec = {args.spec!r}: no such file", file=sys.stderr)
        return 2
    cluster = LocalCluster(processes=True, dashboard_address=None) \
        if args.scheduler == "local" else None
    start = time.monotonic()
    show = sys.stderr.isatty()

    def progress(done: int, rows: int) -> None:
        if show:
            print(f"\r{done}/{rows} pulls  {time.monotonic() - start:.0f} s", end="",
                  file=sys.stderr, flush=True)

    try:
        with Client(cluster if cluster is not None else args.scheduler) as client:
            info = sweep_on_cluster(client, args.out, spec=args.spec,
                                    chunk_rows=args.chunk_rows, threads=args.threads,
                                    max_pulls=args.max_pulls, progress=progress)
    except _core.InputError as e:
        print(f"spineload: error: {e}", file=sys.stderr)
        return 2
    except (OSError, TimeoutError, _core.IoError) as e:
        print(f"spineload: cannot run the sweep on {args.scheduler}: {e}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print(f"\nspineload: interrupted; the chunks written are in {args.out}; run the same "
              "command to complete the sweep", file=sys.stderr)
        return 130
    finally:
        if cluster is not None:
            cluster.close()
    if show:
        print(file=sys.stderr)
    print(f"{info['rows']} pulls in {time.monotonic() - start:.2f} s on {args.scheduler}: "
          f"{info['ran']} of {info['chunks']} chunks ran ({info['skipped']} were already "
          f"written) -> {args.out} (read with spineload.load)")
    return 0
