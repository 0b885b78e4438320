"""Python-side speed: pulls/s through sl.sweep (1 and 2 threads) vs a Python loop of
sl.simulate, and the per-call overhead of sl.simulate over the C++ time. Prints medians.

python bench/bench_python.py [--pulls 200] [--repeats 5]
"""

import argparse
import statistics
import time

import spineload as sl


def median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pulls", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    lifter = sl.Lifter.preset("average_male")
    loads = [80 + 100 * i / (args.pulls - 1) for i in range(args.pulls)]
    grid = {"load": loads}
    setups = [sl.Setup(load=x) for x in loads]

    t1 = median_time(lambda: sl.sweep(lifter, grid, threads=1), args.repeats)
    t2 = median_time(lambda: sl.sweep(lifter, grid, threads=2), args.repeats)
    loop = median_time(lambda: [sl.simulate(lifter, s, store_series=False) for s in setups],
                       args.repeats)
    loop_series = median_time(lambda: [sl.simulate(lifter, s) for s in setups], args.repeats)
    # the C++ time of the same pulls: one-thread sweep without pandas assembly
    cases = [(lifter, s) for s in setups]
    opts = sl.SimulationOptions(store_series=False)
    core = median_time(lambda: sl._core.sweep_table(cases, opts, 1, None), args.repeats)

    n = args.pulls
    print(f"{n} pulls, median of {args.repeats}")
    print(f"  sl.sweep threads=1        {n / t1:8.0f} pulls/s")
    print(f"  sl.sweep threads=2        {n / t2:8.0f} pulls/s  (speed-up {t1 / t2:.2f}x)")
    print(f"  loop of sl.simulate       {n / loop:8.0f} pulls/s  (summary only)")
    print(f"  loop of sl.simulate       {n / loop_series:8.0f} pulls/s  (with series)")
    print(f"  C++ per pull              {1e6 * core / n:8.0f} us")
    print(f"  sl.simulate per call      {1e6 * loop / n:8.0f} us  "
          f"(overhead {1e6 * (loop - core) / n:.0f} us over C++)")


if __name__ == "__main__":
    main()
