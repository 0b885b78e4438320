"""Sweeps that keep their rows: a sweep killed (SIGKILL) or interrupted (SIGINT, Ctrl-C) mid-run
leaves OUT.partial readable with every flushed row; `--resume` completes it, running only the
missing pulls, and the final file equals an uninterrupted run row for row."""

import signal
import subprocess
import time

import h5py
import numpy as np
import pytest
import spineload as sl

GRID = ('[lifter]\npreset = "average_male"\n[setup]\nduration = {duration}\n[grid]\n'
        "bar_offset = {{min = 0.0, max = 0.1, n = {offsets}}}\n"
        "load = {{min = 40, max = 160, n = 50}}\ntrunk_angle_deg = [26, 30, 34]\n")


def datasets(path):
    """Every dataset of a file by path, as arrays."""
    out = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: out.__setitem__(name, obj[()])
                     if isinstance(obj, h5py.Dataset) else None)
    return out


def wait_for_rows(partial, minimum, process, timeout=60.0):
    """Polls the partial file as an SWMR reader until it holds `minimum` whole rows."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if process.poll() is not None:
            raise AssertionError("the sweep ended before it could be interrupted: exit "
                                 f"{process.returncode}, {process.stderr.read()}")
        if partial.exists():
            try:
                if len(sl.load(partial)) >= minimum:
                    return
            except (OSError, KeyError):
                pass  # created but not yet appending
        time.sleep(0.05)
    raise AssertionError("no rows appeared in the partial file")


@pytest.mark.parametrize("sig, series", [(signal.SIGKILL, False), (signal.SIGINT, False),
                                         (signal.SIGKILL, True)])
def test_interrupted_sweep_keeps_its_rows_and_resumes_to_the_same_file(cli_path, tmp_path,
                                                                       sig, series):
    # series: fewer, shorter pulls (each stores about 100 samples x 40 columns)
    spec = tmp_path / "spec.toml"
    spec.write_text(GRID.format(duration=1.0 if series else 2.0, offsets=20 if series else 80))
    flags = ["--series"] if series else []
    whole, part = tmp_path / "whole.h5", tmp_path / "part.h5"
    subprocess.run([cli_path, "sweep", str(spec), "--out", str(whole), *flags], check=True,
                   capture_output=True)
    total = len(sl.load(whole))

    run = subprocess.Popen([cli_path, "sweep", str(spec), "--out", str(part), "--threads", "1",
                            *flags], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    partial = tmp_path / "part.h5.partial"
    wait_for_rows(partial, 1, run)
    run.send_signal(sig)
    _, err = run.communicate(timeout=60)
    if sig == signal.SIGINT:
        assert run.returncode == 130
        assert "--resume" in err and err.count("\n") == 1
    else:
        assert run.returncode == -signal.SIGKILL
    assert not part.exists()

    # every row that reached the file is whole and equals the uninterrupted run's
    kept = sl.load(partial)
    assert 0 < len(kept) < total
    reference = sl.load(whole)
    np.testing.assert_array_equal(kept["peak_moment"], reference["peak_moment"][:len(kept)])
    assert not kept.attrs["complete"]

    done = subprocess.run([cli_path, "sweep", str(spec), "--out", str(part), "--resume",
                           *flags], capture_output=True, text=True, check=True)
    assert f"resumed: {len(kept)} pulls were already in the file, {total - len(kept)} ran now" \
        in done.stdout
    assert not partial.exists()
    mine, theirs = datasets(part), datasets(whole)
    assert mine.keys() == theirs.keys()
    for name in mine:
        a, b = mine[name], theirs[name]
        if np.asarray(a).dtype.kind == "f":
            np.testing.assert_array_equal(a, b, err_msg=name)  # NaN equals NaN here
        else:
            assert np.array_equal(a, b), name
    np.testing.assert_array_equal(mine["index"], np.arange(total))  # each pull exactly once
