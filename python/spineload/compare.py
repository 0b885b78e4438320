"""Setups compared with uncertainty bands: sl.compare(setups, lifter, samples=...) (docs/model.md
section 9, docs/cli.md compare --samples)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from . import _core

# what a plot of bands shows by default
PEAKS = ("peak_moment", "peak_compression", "peak_anterior_shear")


def compare(setups: Iterable[Any], lifter: Any = "average_male", samples: int | None = None,
            seed: int | None = None, uncertainty: str | os.PathLike | None = None,
            threads: int | None = None) -> pd.DataFrame:
    """Each setup's summary with a 5-95 % band over samples of the uncertain inputs, and its
    difference from the first setup, sample by sample (the same draws for every setup).

    setups: Setups, preset names, .toml paths or dicts (the first is the reference). samples
    (default 100) and seed override those of `uncertainty`, a TOML file with an [uncertainty]
    table (docs/files.md); without it the documented default spreads (docs/model.md 9.1).

    Returns one row per (setup, quantity) for every numeric summary field: `nominal` (the
    inputs as given), `p05`, `median`, `p95`, `count` (samples where it is a number), the
    difference from the reference `diff_nominal`, `diff_p05`, `diff_median`, `diff_p95`,
    `diff_count`, and `differs`: True when the difference's band excludes 0, False when not,
    NA with fewer than 50 samples or fewer than 90 % of them with a value in both setups. `attrs`: samples, seed, inputs (the
    spreads), and per setup how many samples completed, failed or had no start posture.
    """
    table = _core.uncertain_pulls(lifter, list(setups), samples=samples, seed=seed,
                                  uncertainty=uncertainty, threads=threads)
    rows = []
    for pull in table["pulls"]:
        for field, band in pull["bands"].items():
            diff = pull["differences"][field]
            verdict = diff.pop("verdict")
            rows.append({"setup": pull["name"], "quantity": field, **band,
                         **{f"diff_{k}": v for k, v in diff.items()},
                         # no verdict with too few samples, or too many without a value
                         "differs": {"differs": True, "within": False}.get(verdict, pd.NA)})
    frame = pd.DataFrame(rows).set_index(["setup", "quantity"])
    frame.attrs.update({"samples": table["samples"], "seed": table["seed"],
                        "inputs": table["inputs"],
                        "outcomes": {p["name"]: {k: p[k] for k in ("completed", "failed", "errors")}
                                     for p in table["pulls"]}})
    return frame


def plot_bands(frame: pd.DataFrame, quantities: Iterable[str] = PEAKS,
               path: str | os.PathLike | None = None, overwrite: bool = False) -> Any:
    """The frame of compare(): for each quantity, each setup's nominal value (a dot) and its
    5-95 % band (a bar); a setup whose difference from the reference differs is drawn solid,
    one within the spread hollow. Returns the figure (written to `path` when given)."""
    import matplotlib.pyplot as plt

    quantities = list(quantities)
    setups = list(dict.fromkeys(frame.index.get_level_values("setup")))
    fig, axes = plt.subplots(1, len(quantities), figsize=(4.2 * len(quantities), 0.6 * len(setups) + 1.8),
                             squeeze=False)
    units = {"peak_moment": "N*m", "peak_compression": "N", "peak_anterior_shear": "N"}
    for ax, q in zip(axes[0], quantities):
        for i, s in enumerate(setups):
            row = frame.loc[(s, q)]
            y = len(setups) - 1 - i
            ax.plot([row.p05, row.p95], [y, y], lw=6, alpha=0.35, color="C0",
                    solid_capstyle="butt")
            solid = i == 0 or (row.differs is not pd.NA and bool(row.differs))
            ax.plot(row.nominal, y, "o", color="C0", mfc="C0" if solid else "white")
        ax.set_yticks(range(len(setups)), labels=list(reversed(setups)))
        ax.set_title(f"{q.replace('_', ' ')} ({units.get(q, '')})")
        ax.grid(axis="x", alpha=0.3)
    fig.suptitle(f"5-95% of {frame.attrs.get('samples')} samples of the uncertain inputs "
                 "(hollow: not shown to differ from the first setup)")
    fig.tight_layout()
    if path is not None:
        from .plot import save_figure

        save_figure(fig, path, overwrite)
    return fig
