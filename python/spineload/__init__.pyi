# Type stubs for editors; tests/python/test_package.py checks every name exists at runtime.
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

__version__: str
CHANNELS: list[dict[str, Any]]

class InputError(ValueError): ...

class Lifter:
    name: str
    sex: str
    height: float
    mass: float
    strength: float
    foot_ratio: float
    shank_ratio: float
    thigh_ratio: float
    torso_ratio: float
    arm_ratio: float
    l4l5_fraction: float
    extensor_moment_arm: float
    extensor_angle_deg: float
    passive_moment_max: float
    lumbar_flexion_range_deg: float
    passive_moment_arm: float
    iap_moment_arm: float
    iap_area: float
    def __init__(self, **fields: Any) -> None: ...
    @staticmethod
    def preset(name: str) -> Lifter: ...
    @staticmethod
    def preset_names() -> list[str]: ...
    @staticmethod
    def fields() -> list[dict[str, Any]]: ...
    @staticmethod
    def from_dict(data: Mapping[str, Any]) -> Lifter: ...
    @staticmethod
    def from_toml(path_or_text: str | os.PathLike) -> Lifter: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_toml(self, path: str | os.PathLike | None = None) -> str: ...

class Setup:
    name: str
    load: float
    bar_offset: float
    bar_height: float
    trunk_angle_deg: float
    lumbar_flexion_deg: float
    balance_point: float
    posture: str
    duration: float
    coordination: float
    lockout_knee_deg: float
    lowering: bool
    lowering_duration: float
    band_tension: float
    iap_kpa: float
    def __init__(self, **fields: Any) -> None: ...
    @staticmethod
    def preset(name: str) -> Setup: ...
    @staticmethod
    def preset_names() -> list[str]: ...
    @staticmethod
    def fields() -> list[dict[str, Any]]: ...
    @staticmethod
    def from_dict(data: Mapping[str, Any]) -> Setup: ...
    @staticmethod
    def from_toml(path_or_text: str | os.PathLike) -> Setup: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_toml(self, path: str | os.PathLike | None = None) -> str: ...

class SimulationOptions:
    rate: float
    rtol: float
    atol: float
    tracking_frequency: float
    tracking_damping: float
    max_steps: float
    fail_distance: float
    store_series: bool
    def __init__(self, **fields: Any) -> None: ...
    def to_dict(self) -> dict[str, Any]: ...

class _L4L5:
    moment: np.ndarray
    compression: np.ndarray
    shear: np.ndarray
    force: np.ndarray
    extensor_force: np.ndarray
    passive_moment: np.ndarray
    iap_force: np.ndarray
    position: np.ndarray

class Result:
    time: np.ndarray
    q: np.ndarray
    qdot: np.ndarray
    qddot: np.ndarray
    tau: np.ndarray
    bar: np.ndarray
    grf: np.ndarray
    cop: np.ndarray
    l4l5: _L4L5
    @property
    def samples(self) -> int: ...
    @property
    def summary(self) -> dict[str, Any]: ...
    @property
    def lifter(self) -> Lifter: ...
    @property
    def setup(self) -> Setup: ...
    def to_pandas(self) -> pd.DataFrame: ...
    def save(self, path: str | os.PathLike) -> None: ...

def simulate(lifter: Lifter, setup: Setup | None = None, **options: Any) -> Result: ...
def load(path: str | os.PathLike) -> Result: ...
def model(lifter: Lifter, load: float = 100.0) -> pd.DataFrame: ...
def sweep(lifters: Lifter | Iterable[Lifter],
          setups: Setup | Iterable[Setup] | Mapping[str, Sequence[Any]],
          threads: int | None = None, series: bool = False, progress: bool | None = None,
          **options: Any) -> pd.DataFrame: ...
def sweep_to_hdf5(path: str | os.PathLike, lifter: Lifter, setup: Setup,
                  grid: Mapping[str, Sequence[Any]], threads: int | None = None,
                  progress: bool | None = None, series: bool = False,
                  **options: Any) -> dict[str, int]: ...
