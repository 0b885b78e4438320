"""spineload: a sagittal-plane deadlift simulator and L4-L5 spinal load calculator.

    import spineload as sl
    result = sl.simulate("average_male", sl.Setup(load=100))
    result.summary["peak_compression"], result.l4l5.compression
    filmed = sl.analyze("my_lift.trc", "average_male", load=100)  # a filmed lift

Equations and sources: docs/model.md; files and command line: docs/files.md, docs/cli.md.
Units: SI, angles in degrees where a name ends in _deg.
"""

from pathlib import Path as _Path

from ._core import (
    CHANNELS,
    InputError,
    IoError,
    Lifter,
    Result,
    Setup,
    SimulationOptions,
    __version__,
    one_rep_max,
    simulate,
)
from .analyze import analyze
from .compare import compare, plot_bands
from .distributed import sweep_on_cluster
from .plot import animate as _animate
from .plot import plot as _plot
from .plot import plot_session, plot_sweep
from .report import report
from .session import program, session
from .result import load, model
from .sweep import sweep, sweep_to_hdf5

# a SYNTHETIC filmed lift (a simulated pull seen by a phone camera: scripts/make_example_clip.py)
EXAMPLE_FILMED_LIFT = _Path(__file__).parent / "examples" / "filmed_deadlift.csv"

Result.plot = _plot  # result.plot(): the pull as a figure (plot.py)
Result.animate = _animate  # result.animate(): the pull in motion, inline in Jupyter

__all__ = [
    "CHANNELS",
    "EXAMPLE_FILMED_LIFT",
    "InputError",
    "IoError",
    "Lifter",
    "Result",
    "Setup",
    "SimulationOptions",
    "__version__",
    "analyze",
    "compare",
    "load",
    "model",
    "one_rep_max",
    "plot_bands",
    "plot_session",
    "plot_sweep",
    "program",
    "report",
    "session",
    "simulate",
    "sweep",
    "sweep_on_cluster",
    "sweep_to_hdf5",
]
