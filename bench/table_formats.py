"""HDF5 or Parquet for a sweep's table? Reads a sweep file (`spineload sweep ... --out F.h5`)
with sl.load, writes the same DataFrame as Parquet (pyarrow, not a spineload dependency:
pip install pyarrow), and times reading each back whole and by three columns, with the files'
sizes. Medians of --repeats. docs/files.md section 9 quotes the result and the decision.

python bench/table_formats.py SWEEP.h5 [--repeats 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pandas as pd
import spineload as sl
from timing import median_seconds

COLUMNS = ["bar_offset", "load", "peak_compression"]




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sweep", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    frame = sl.load(args.sweep)
    frame.attrs = {}  # numpy scalars in attrs do not go into Parquet metadata
    hdf5_whole = median_seconds(lambda: sl.load(args.sweep), args.repeats)
    with tempfile.TemporaryDirectory() as folder:
        parquet = Path(folder) / "sweep.parquet"
        start = time.perf_counter()
        frame.to_parquet(parquet)
        write = time.perf_counter() - start
        parquet_whole = median_seconds(lambda: pd.read_parquet(parquet), args.repeats)
        parquet_columns = median_seconds(lambda: pd.read_parquet(parquet, columns=COLUMNS),
                                         args.repeats)
        parquet_mb = parquet.stat().st_size / 1e6
    print(f"{len(frame):,} rows x {frame.shape[1]} columns, median of {args.repeats}")
    print(f"  HDF5 (spineload's file)  {args.sweep.stat().st_size / 1e6:7.1f} MB   "
          f"sl.load whole {hdf5_whole:6.2f} s")
    print(f"  Parquet (pyarrow)        {parquet_mb:7.1f} MB   read whole {parquet_whole:6.2f} s, "
          f"3 columns {parquet_columns:6.2f} s, written in {write:.2f} s")


if __name__ == "__main__":
    main()
