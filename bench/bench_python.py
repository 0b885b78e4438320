"""Python-side speed: pulls/s through sl.sweep (1 and 2 threads) vs a Python loop of
sl.simulate, and the per-call overhead of sl.simulate over the C++ time of the same pull
(Google Benchmark's BM_DefaultPullSummaryOnly, when build/spineload_bench exists). Medians.

python bench/bench_python.py [--pulls 200] [--repeats 5] [--cpp-bench build/spineload_bench]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
from pathlib import Path

import spineload as sl
from timing import median_seconds




def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pulls", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--cpp-bench", default=os.environ.get(
        "SPINELOAD_BENCH", str(Path(__file__).resolve().parents[1] / "build" / "spineload_bench")))
    args = parser.parse_args()
    lifter = sl.Lifter.preset("average_male")
    loads = [80 + 100 * i / (args.pulls - 1) for i in range(args.pulls)]
    grid = {"load": loads}
    setups = [sl.Setup(load=x) for x in loads]

    t1 = median_seconds(lambda: sl.sweep(lifter, grid, threads=1), args.repeats)
    t2 = median_seconds(lambda: sl.sweep(lifter, grid, threads=2), args.repeats)
    loop = median_seconds(lambda: [sl.simulate(lifter, s, store_series=False) for s in setups],
                       args.repeats)
    loop_series = median_seconds(lambda: [sl.simulate(lifter, s) for s in setups], args.repeats)
    # per-call overhead: the default pull through sl.simulate vs the same pull in C++
    default_lifter, default_setup = sl.Lifter.preset("average_male"), sl.Setup()
    calls = 500
    per_call = median_seconds(lambda: [sl.simulate(default_lifter, default_setup,
                                                store_series=False) for _ in range(calls)],
                           args.repeats) / calls
    cpp = cpp_default_pull_seconds(args.cpp_bench)

    n = args.pulls
    print(f"{n} pulls (loads 80-180 kg, some fail), median of {args.repeats}")
    print(f"  sl.sweep threads=1        {n / t1:8.0f} pulls/s")
    print(f"  sl.sweep threads=2        {n / t2:8.0f} pulls/s  (speed-up {t1 / t2:.2f}x)")
    print(f"  loop of sl.simulate       {n / loop:8.0f} pulls/s  (summary only)")
    print(f"  loop of sl.simulate       {n / loop_series:8.0f} pulls/s  (with series)")
    print("default pull, summary only")
    print(f"  sl.simulate per call      {1e6 * per_call:8.1f} us")
    if cpp is not None:
        print(f"  C++ simulate_into         {1e6 * cpp:8.1f} us  (Google Benchmark median)")
        print(f"  Python overhead per call  {1e6 * (per_call - cpp):8.1f} us")


def cpp_default_pull_seconds(path: str) -> float | None:
    """Median of BM_DefaultPullSummaryOnly from the C++ benchmark binary, if it is built."""
    if not Path(path).exists():
        return None
    out = subprocess.run([path, "--benchmark_filter=BM_DefaultPullSummaryOnly$",
                          "--benchmark_repetitions=5", "--benchmark_min_time=0.3",
                          "--benchmark_format=json"], check=True, capture_output=True, text=True)
    runs = json.loads(out.stdout)["benchmarks"]
    median = next(r for r in runs if r.get("aggregate_name") == "median")
    return median["real_time"] * {"ns": 1e-9, "us": 1e-6, "ms": 1e-3}[median["time_unit"]]


if __name__ == "__main__":
    main()
