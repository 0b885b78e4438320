"""Sweeps on a Dask cluster (spineload.distributed): every row present exactly once and equal,
bit for bit, to the single-machine sweep, when a worker is killed mid-run and when a sweep is
interrupted and run again into the same folder."""

import os
import signal
import subprocess
import sys

import pandas as pd
import pytest
import spineload as sl

distributed = pytest.importorskip("distributed")

# 3,000 pulls (summaries only) in chunks of 100: 30 tasks
GRID = {"load": [60 + 2.5 * i for i in range(40)], "bar_offset": [0.0, 0.01, 0.02, 0.03, 0.04],
        "trunk_angle_deg": [20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60, 64, 68, 72, 76]}


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture(scope="module")
def single():
    return sl.sweep("average_male", GRID, threads=2, progress=False)


def test_grid_is_a_few_thousand_pulls(single):
    assert len(single) == 3000


def test_a_worker_killed_mid_run_loses_nothing(client, single, tmp_path):
    pids = client.run(os.getpid)  # worker address -> process id
    victim = sorted(pids)[0]
    killed = []

    def progress(done, rows):
        if done > 0 and not killed:  # after the first chunk: mid-run
            os.kill(pids[victim], signal.SIGKILL)
            killed.append(done)

    info = sl.sweep_on_cluster(client, tmp_path / "sweep", "average_male", GRID,
                               chunk_rows=100, threads=1, progress=progress)
    assert killed and killed[0] < 3000
    assert info == {"rows": 3000, "chunks": 30, "ran": 30, "skipped": 0}
    frame = sl.load(tmp_path / "sweep")
    assert frame.attrs["complete"]
    assert frame.index.is_unique and sorted(frame.index) == list(range(3000))
    pd.testing.assert_frame_equal(frame.sort_index(), single, check_exact=True)


def test_an_interrupted_sweep_run_again_completes_it(client, single, tmp_path):
    folder = tmp_path / "sweep"
    seen = []

    def stop_early(done, rows):
        seen.append(done)
        if len(seen) == 4:  # three chunks in: the user presses Ctrl-C
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        sl.sweep_on_cluster(client, folder, "average_male", GRID, chunk_rows=100, threads=1,
                            progress=stop_early)
    partial = sl.load(folder)
    assert not partial.attrs["complete"] and 0 < len(partial) < 3000
    # a damaged chunk file (a disk that lost it) is run again, not read; a stray partial file
    # of a lost attempt is left alone
    (folder / "chunk-000029.h5").write_bytes(b"half a file")
    (folder / "chunk-000028.h5.0123.partial").write_bytes(b"half a file")
    info = sl.sweep_on_cluster(client, folder, "average_male", GRID, chunk_rows=100, threads=1)
    assert info["ran"] + info["skipped"] == 30 and info["skipped"] >= 3
    frame = sl.load(folder)
    assert frame.attrs["complete"]
    pd.testing.assert_frame_equal(frame.sort_index(), single, check_exact=True)
    some = sl.load(folder, columns=["peak_compression", "status"])  # in the file's order
    assert sorted(some.columns) == ["error", "peak_compression", "status"]
    pd.testing.assert_frame_equal(some, frame[some.columns], check_exact=True)
    # run once more: nothing left to do
    assert sl.sweep_on_cluster(client, folder, "average_male", GRID, chunk_rows=100,
                               threads=1)["ran"] == 0


def test_a_folder_of_another_sweep_is_refused(client, tmp_path):
    small = {"load": [60, 80]}
    sl.sweep_on_cluster(client, tmp_path / "sweep", "average_male", small, threads=1)
    with pytest.raises(sl.InputError, match="another sweep"):
        sl.sweep_on_cluster(client, tmp_path / "sweep", "average_male", {"load": [60, 90]},
                            threads=1)


def test_sweep_with_a_client_returns_the_same_frame(client, single):
    frame = sl.sweep("average_male", GRID, client=client, progress=False)
    pd.testing.assert_frame_equal(frame, single, check_exact=True)


def test_the_command_line_runs_a_spec_on_the_cluster_as_sweep_does(client, tmp_path):
    spec = tmp_path / "spec.toml"
    spec.write_text('[lifter]\npreset = "average_male"\n[setup]\npreset = "conventional"\n'
                    '[grid]\nload = {min = 60, max = 200, step = 10}\nbar_offset = [0.0, 0.03, 0.06]\n')
    run = subprocess.run([sys.executable, "-m", "spineload", "sweep", str(spec), "--out",
                          str(tmp_path / "cluster"), "--scheduler", client.scheduler.address,
                          "--chunk-rows", "7"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "45 pulls" in run.stdout and "7 of 7 chunks ran" in run.stdout, run.stdout
    subprocess.run([sys.executable, "-m", "spineload", "sweep", str(spec), "--out",
                    str(tmp_path / "one.h5")], capture_output=True, text=True, check=True)
    cluster = sl.load(tmp_path / "cluster")
    single = sl.load(tmp_path / "one.h5")
    assert cluster.attrs["axes"] == single.attrs["axes"] == ["load", "bar_offset"]
    assert cluster.attrs["complete"]
    # the same values; counts are int64 in a table and uint64 in a sweep file, as for sl.sweep
    pd.testing.assert_frame_equal(cluster, single, check_exact=True, check_dtype=False)


def test_a_spec_with_uncertainty_gives_the_same_bands_everywhere(client, tmp_path):
    """[uncertainty] in a spec: the bands of spineload sweep's file, of the cluster's chunks
    and of sl.sweep(samples=N) are one and the same, bit for bit."""
    spec = tmp_path / "banded.toml"
    spec.write_text('[lifter]\npreset = "average_male"\n[setup]\npreset = "conventional"\n'
                    '[grid]\nbar_offset = [0.0, 0.04]\nload = [80.0, 110.0]\n'
                    '[uncertainty]\nsamples = 12\nseed = 9\n')
    one = subprocess.run([sys.executable, "-m", "spineload", "sweep", str(spec), "--out",
                          str(tmp_path / "one.h5")], capture_output=True, text=True, timeout=300)
    assert one.returncode == 0, one.stderr
    assert "4 pulls (each with the 5-95% bands of 12 samples)" in one.stdout
    run = subprocess.run([sys.executable, "-m", "spineload", "sweep", str(spec), "--out",
                          str(tmp_path / "cluster"), "--scheduler", client.scheduler.address,
                          "--chunk-rows", "3"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    single, cluster = sl.load(tmp_path / "one.h5"), sl.load(tmp_path / "cluster")
    pd.testing.assert_frame_equal(cluster, single, check_exact=True, check_dtype=False)
    banded = sl.sweep("average_male", {"bar_offset": [0.0, 0.04], "load": [80.0, 110.0]},
                      samples=12, seed=9, progress=False)
    bands = [c for c in banded.columns if c.endswith(("_p05", "_median", "_p95"))]
    assert "peak_moment_p95" in bands and set(bands) <= set(single.columns)
    pd.testing.assert_frame_equal(single[bands], banded[bands], check_exact=True,
                                  check_names=False)
    # and sl.sweep(samples=N, client=...): the lifter x grid run in chunks on the cluster
    on_cluster = sl.sweep("average_male", {"bar_offset": [0.0, 0.04], "load": [80.0, 110.0]},
                          samples=12, seed=9, client=client)
    assert on_cluster.attrs["samples"] == 12 and on_cluster.attrs["seed"] == 9
    pd.testing.assert_frame_equal(on_cluster[bands].reset_index(drop=True), banded[bands],
                                  check_exact=True, check_names=False)
    # in chunks of 3 rows (two tasks), and a folder of that sweep refuses another one
    ran = sl.sweep_on_cluster(client, tmp_path / "banded", "average_male",
                              {"bar_offset": [0.0, 0.04], "load": [80.0, 110.0]},
                              samples=12, seed=9, chunk_rows=3)
    assert (ran["chunks"], ran["samples"], ran["seed"]) == (2, 12, 9)
    chunked = sl.load(tmp_path / "banded")
    pd.testing.assert_frame_equal(chunked[bands].reset_index(drop=True), banded[bands],
                                  check_exact=True, check_names=False)
    with pytest.raises(sl.InputError, match="another sweep"):
        sl.sweep_on_cluster(client, tmp_path / "banded", "average_male",
                            {"bar_offset": [0.0, 0.04], "load": [80.0, 110.0]},
                            samples=12, seed=10, chunk_rows=3)
    assert (single.peak_moment_p05 < single.peak_moment).all()
    assert (single.peak_moment < single.peak_moment_p95).all()
