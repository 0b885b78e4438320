"""Every speed figure of issue 15 in one run, as a Markdown table (the README's Speed section):
the default pull (C++), Python's overhead per sl.simulate call, the 1,000-pull sweep of
bench/sweep_example.toml on 1 and 2 threads (C++), the same 1,000 pulls through sl.sweep and
through Dask on a LocalCluster of 2 workers (overhead per pull), and a 1M-pull
`spineload sweep` into HDF5 (time, pulls/s, peak memory, bytes per row).

Medians of --repeats; the machine's other load moves single runs by +/-25%, so compare runs
made together. Needs build/spineload and build/spineload_bench (scripts/build.sh) and the
Python package with the [dask] extra.

python bench/report.py [--repeats 5] [--large 1000000] [--no-dask] [--build build]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import tempfile
import time
from pathlib import Path

import spineload as sl
from timing import median_seconds

ROOT = Path(__file__).resolve().parents[1]
# bench/sweep_example.toml and BM_Sweep1000: bar offset x trunk angle x load, 10 x 10 x 10
GRID = {"bar_offset": [0.01 * i for i in range(10)],
        "trunk_angle_deg": [20.0 + i for i in range(10)],
        "load": [40.0 + 10 * i for i in range(10)]}




def cpp_medians(bench: Path, repeats: int, pattern: str = "BM_DefaultPull$|"
                "BM_DefaultPullSummaryOnly$|BM_PlanOnly$|BM_Sweep1000",
                min_time: float = 0.3) -> dict[str, float]:
    """Google Benchmark medians in seconds (real time), by benchmark name."""
    out = subprocess.run(
        [str(bench), f"--benchmark_filter={pattern}", f"--benchmark_repetitions={repeats}",
         f"--benchmark_min_time={min_time}", "--benchmark_format=json"],
        check=True, capture_output=True, text=True).stdout
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    # with repetitions, the median aggregate; with one, the run itself
    runs = [r for r in json.loads(out)["benchmarks"]
            if (r.get("aggregate_name") == "median" if repeats > 1
                else r.get("run_type") == "iteration")]
    return {r["run_name"]: r["real_time"] * scale[r["time_unit"]] for r in runs}


def python_overhead(bench: Path, rounds: int) -> tuple[float, float]:
    """Seconds per sl.simulate call of the default pull (summary only), and what it adds to the
    same pull in C++. The machine's load moves both by more than the difference, so each is
    the least of `rounds` short runs taken in turn (the least disturbed), not a median."""
    lifter, setup = sl.Lifter.preset("average_male"), sl.Setup()
    calls = 200
    for _ in range(50):  # the first calls read the model tables
        sl.simulate(lifter, setup, store_series=False)
    python, cpp = [], []
    for _ in range(rounds):
        cpp.append(cpp_medians(bench, 1, "BM_DefaultPullSummaryOnly$", min_time=0.1)
                   ["BM_DefaultPullSummaryOnly"])
        python.append(median_seconds(lambda: [sl.simulate(lifter, setup, store_series=False)
                                              for _ in range(calls)], 1) / calls)
    return min(python), min(python) - min(cpp)


def dask_seconds(repeats: int) -> float:
    """The 1,000-pull grid on a LocalCluster of 2 single-threaded workers, into HDF5 chunks."""
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        sl.sweep("average_male", {"load": [100]}, client=client)  # workers warm

        def once() -> None:
            with tempfile.TemporaryDirectory() as folder:
                sl.sweep_on_cluster(client, folder, "average_male", GRID, chunk_rows=250,
                                    threads=1)
        return median_seconds(once, repeats)


def large_sweep(cli: Path, pulls: int) -> dict[str, float]:
    """`spineload sweep` of a `pulls`-row grid (about cube root of pulls per axis) into HDF5."""
    side = round(pulls ** (1 / 3))
    axes = {"bar_offset": [0.1 * i / side for i in range(side)],
            "trunk_angle_deg": [20.0 + 10.0 * i / side for i in range(side)],
            "load": [40.0 + 90.0 * i / side for i in range(side)]}
    with tempfile.TemporaryDirectory() as folder:
        spec, out = Path(folder) / "large.toml", Path(folder) / "large.h5"
        spec.write_text('[lifter]\npreset = "average_male"\n[setup]\npreset = "conventional"\n'
                        "[grid]\n" + "".join(f"{k} = {v!r}\n" for k, v in axes.items()))
        start = time.perf_counter()
        subprocess.run([str(cli), "sweep", str(spec), "--out", str(out), "--threads", "2"],
                       check=True, capture_output=True)
        seconds = time.perf_counter() - start
        # the largest resident set of any child so far: the sweep is the largest child here
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        return {"pulls": side ** 3, "seconds": seconds, "peak_mb": peak_mb,
                "bytes_per_row": out.stat().st_size / side ** 3}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--large", type=int, default=1_000_000,
                        help="pulls in the large CLI sweep (0: skip it)")
    parser.add_argument("--no-dask", action="store_true", help="skip the LocalCluster")
    parser.add_argument("--build", type=Path, default=ROOT / "build")
    args = parser.parse_args()

    # first, so that the peak resident set of the children is the large sweep's own
    large = large_sweep(args.build / "spineload", args.large) if args.large > 0 else None
    bench = args.build / "spineload_bench"
    cpp = cpp_medians(bench, args.repeats)
    per_call, added = python_overhead(bench, 3 * args.repeats)
    sweep_2 = median_seconds(lambda: sl.sweep("average_male", GRID, threads=2, progress=False),
                             args.repeats)
    rows = [
        ("one default 2 s pull, 100 Hz output (C++)",
         f"{1e6 * cpp['BM_DefaultPull']:.0f} us "
         f"({1e6 * cpp['BM_DefaultPullSummaryOnly']:.0f} us summary only)"),
        ("of which planning (model, postures, path)", f"{1e6 * cpp['BM_PlanOnly']:.0f} us"),
        ("Python overhead of one `sl.simulate` call (least of runs in turn)",
         f"{1e6 * added:.0f} us ({1e6 * per_call:.0f} us per call, summary only)"),
        ("1,000-pull sweep (C++), 1 / 2 threads",
         f"{1000 / cpp['BM_Sweep1000/1/real_time']:,.0f} / "
         f"{1000 / cpp['BM_Sweep1000/2/real_time']:,.0f} pulls/s"),
        ("the same 1,000 pulls through `sl.sweep`, 2 threads", f"{1000 / sweep_2:,.0f} pulls/s"),
    ]
    if not args.no_dask:
        on_cluster = dask_seconds(args.repeats)
        rows.append(("the same through Dask, LocalCluster of 2 workers, into HDF5 chunks",
                     f"{1000 / on_cluster:,.0f} pulls/s "
                     f"({1e6 * (on_cluster - sweep_2) / 1000:.0f} us overhead per pull)"))
    if large:
        rows.append((f"`spineload sweep` of {large['pulls']:,} pulls into HDF5, 2 threads",
                     f"{large['seconds']:.0f} s ({large['pulls'] / large['seconds']:,.0f} "
                     f"pulls/s), peak memory {large['peak_mb']:.0f} MB, "
                     f"{large['bytes_per_row']:.0f} bytes per row"))
    print(f"medians of {args.repeats} (the large sweep: one run)\n")
    print("| what | measured |\n|---|---|")
    for what, value in rows:
        print(f"| {what} | {value} |")


if __name__ == "__main__":
    main()
