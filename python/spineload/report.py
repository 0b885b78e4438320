"""The coach's report: several pulls of one lifter as one self-contained HTML page."""

from __future__ import annotations

import copy
import os
from typing import Any, Iterable

from . import _core


def _as_result(pull: Any, lifter: Any, load: float | None) -> _core.Result:
    if isinstance(pull, _core.Result):
        if load is not None:
            raise ValueError("load: applies to setups, not to pulls already simulated")
        return pull
    if isinstance(pull, _core.Setup):
        setup = copy.copy(pull)
    elif isinstance(pull, dict):
        setup = _core.Setup(**pull)
    else:
        setup = _core.Setup.preset(pull)  # a preset name or a TOML file
    if load is not None:
        setup.load = load
    return _core.simulate(lifter, setup)


def report(pulls: Iterable[Any], lifter: Any = "average_male", load: float | None = None,
           path: str | os.PathLike | None = None, overwrite: bool = False) -> str:
    """The report of `spineload report` (docs/cli.md): for each pull side by side, an animated
    stick figure with the bar, its path and the L4-L5-to-bar lever; the L4-L5 moment,
    compression and shear against time with the reference lines explained; a table of peaks
    with differences from the first pull; and plain-language notes from the numbers.

    `pulls`: Results, or setups (Setup objects, preset names, TOML paths or dicts) to simulate
    for `lifter`, with `load` (kg) replacing their load when given; the first is the reference.
    Returns the page as text, and writes it to `path` when given (complete or not at all; an
    existing file is replaced only with overwrite=True). The page needs no network."""
    pulls = list(pulls)
    if not pulls:
        raise ValueError("pulls: a report needs at least one pull or setup")
    # files the setups and lifter came from: never the report's own path
    inputs = [os.fspath(x) for x in [lifter, *pulls] if isinstance(x, (str, os.PathLike))
              and os.path.exists(x)]
    if path is not None:  # refused before the pulls run
        _core.check_output_target(path, overwrite, inputs)
    results = [_as_result(p, lifter, load) for p in pulls]
    return _core.html_report(results, path, overwrite, inputs)
