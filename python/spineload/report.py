"""The coach's report: several pulls of one lifter as one self-contained HTML page."""

from __future__ import annotations

import copy
import os
from typing import Any, Iterable

from . import _core


def _as_setup(pull: Any, load: float | None) -> _core.Setup:
    if isinstance(pull, _core.Setup):
        setup = copy.copy(pull)
    elif isinstance(pull, dict):
        setup = _core.Setup(**pull)
    else:
        setup = _core.Setup.preset(pull)  # a preset name or a TOML file
    if load is not None:
        setup.load = load
    return setup


def _as_result(pull: Any, lifter: Any, load: float | None) -> _core.Result:
    if isinstance(pull, _core.Result):
        if load is not None:
            raise ValueError("load: applies to setups, not to pulls already simulated")
        return pull
    return _core.simulate(lifter, _as_setup(pull, load))


def report(pulls: Iterable[Any], lifter: Any = "average_male", load: float | None = None,
           path: str | os.PathLike | None = None, overwrite: bool = False,
           samples: int | None = None, seed: int | None = None,
           uncertainty: str | os.PathLike | None = None) -> str:
    """The report of `spineload report` (docs/cli.md): for each pull side by side, an animated
    stick figure with the bar, its path and the L4-L5-to-bar lever; the L4-L5 moment,
    compression and shear against time with the reference lines explained; a table of peaks
    with differences from the first pull; and plain-language notes from the numbers.

    `pulls`: Results, or setups (Setup objects, preset names, TOML paths or dicts) to simulate
    for `lifter`, with `load` (kg) replacing their load when given; the first is the reference.
    Returns the page as text, and writes it to `path` when given (complete or not at all; an
    existing file is replaced only with overwrite=True). The page needs no network.

    With `samples`, `seed` or `uncertainty` (as sl.compare takes them) the page also shows each
    peak's 5-95 % band over samples of the uncertain inputs, and each difference's, marked
    "differs" when it excludes 0 (`spineload report --samples`); `pulls` are then setups."""
    pulls = list(pulls)
    if not pulls:
        raise ValueError("pulls: a report needs at least one pull or setup")
    # files the setups and lifter came from: never the report's own path
    inputs = [os.fspath(x) for x in [lifter, *pulls] if isinstance(x, (str, os.PathLike))
              and os.path.exists(x)]
    if path is not None:  # refused before the pulls run
        _core.check_output_target(path, overwrite, inputs)
    if samples is not None or seed is not None or uncertainty is not None:
        if any(isinstance(p, _core.Result) for p in pulls):
            raise ValueError("pulls: with samples, setups (a simulated pull's inputs are not "
                             "drawn again)")
        if uncertainty is not None:
            inputs.append(os.fspath(uncertainty))
        setups = [_as_setup(p, load) for p in pulls]
        return _core.uncertain_report(lifter, setups, samples=samples, seed=seed,
                                      uncertainty=uncertainty, path=path, overwrite=overwrite,
                                      inputs=inputs)
    results = [_as_result(p, lifter, load) for p in pulls]
    return _core.html_report(results, path, overwrite, inputs)
