import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def cli_path():
    """The C++ `spineload` binary: $SPINELOAD_CLI, build/spineload, or on PATH."""
    for candidate in (os.environ.get("SPINELOAD_CLI"), str(ROOT / "build" / "spineload"),
                      shutil.which("spineload")):
        if candidate and os.path.exists(candidate):
            return candidate
    pytest.skip("no spineload CLI binary built (set SPINELOAD_CLI)")
