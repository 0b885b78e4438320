"""A sweep on Dask against the same sweep on one machine: 1,000 pulls (and --pulls), a
LocalCluster of 2 single-threaded workers (this machine's 2 cores), chunks of --chunk-rows.
Prints pulls/s and the overhead per pull the cluster adds. Medians of --repeats.

python bench/bench_dask.py [--pulls 1000] [--chunk-rows 250] [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

import spineload as sl


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pulls", type=int, default=1000)
    parser.add_argument("--chunk-rows", type=int, default=250)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    from dask.distributed import Client, LocalCluster

    grid = {"load": [80 + 100 * i / (args.pulls - 1) for i in range(args.pulls)]}
    single = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        sl.sweep("average_male", grid, threads=2, progress=False)
        single.append(time.perf_counter() - start)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        sl.sweep("average_male", {"load": [100]}, client=client)  # workers warm
        cluster_times = []
        for _ in range(args.repeats):
            with tempfile.TemporaryDirectory() as folder:
                start = time.perf_counter()
                sl.sweep_on_cluster(client, folder, "average_male", grid,
                                    chunk_rows=args.chunk_rows, threads=1)
                cluster_times.append(time.perf_counter() - start)
    one, many = statistics.median(single), statistics.median(cluster_times)
    n = args.pulls
    print(f"{n} pulls, median of {args.repeats}")
    print(f"  sl.sweep, 2 threads               {n / one:8.0f} pulls/s")
    print(f"  Dask LocalCluster, 2 workers      {n / many:8.0f} pulls/s "
          f"(chunks of {args.chunk_rows}, written to HDF5)")
    print(f"  overhead per pull on the cluster  {1e6 * (many - one) / n:8.1f} us")


if __name__ == "__main__":
    main()
