"""A filmed lift to loads: sl.analyze(path, lifter=..., load=...) (docs/model.md section 8)."""

from __future__ import annotations

import copy
import os
from typing import Any

from . import _core


def analyze(
    path: str | os.PathLike[str],
    lifter: Any = "average_male",
    load: float | None = None,
    setup: Any = None,
    **options: Any,
) -> _core.Result:
    """Compute the L4-L5 loads of a filmed lift from its keypoints or joint angles.

    path: a .trc, .mot or .csv file (spineload's or MediaPipe's) or an OpenPose JSON folder
    (docs/files.md section 8). lifter: a Lifter, preset name, .toml path or dict. load: bar plus
    plates, kg (required unless `setup` carries it). setup: spine-model fields (spine_model,
    bracing, iap_kpa) and lumbar_flexion_deg, the lumbar angle held when no l4l5 point is
    tracked. options: analysis fields (format, fps, image_width, image_height, units, side,
    facing, scale, metres_per_pixel, plate_diameter, level, cutoff, max_gap, min_confidence,
    segment_lengths).

    Returns a Result like simulate()'s, with `result.analysis`: what was read, the scale, the
    filter, the fit residual per landmark (m) and every choice made, in words.
    """
    if load is None and setup is None:
        raise _core.InputError("load = not given: a filmed lift needs the load it carried (kg)")
    if setup is None:
        chosen = _core.Setup(name=os.path.basename(os.fspath(path).rstrip("/")))
    elif isinstance(setup, dict):
        chosen = _core.Setup.from_dict(setup)
    elif isinstance(setup, (str, os.PathLike)):
        chosen = _core.Setup.preset(setup)
    else:
        chosen = copy.copy(setup)
    if load is not None:
        chosen.load = load
    result, report = _core.analyze(path, lifter, chosen, **options)
    result.analysis = report
    return result
