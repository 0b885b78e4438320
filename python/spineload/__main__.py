"""`python -m spineload`: the command line of the `spineload` binary (docs/cli.md).

One implementation, in C++ (run_command_line): the same subcommands, flags, output and exit
codes as the binary. `plot` draws with matplotlib and `sweep --scheduler` runs on Dask, so
they live here; the binary hands them to this module.
"""

from __future__ import annotations

import sys

from spineload import _core


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["plot"]:
        from .plot import main as plot_main

        return plot_main(args[1:])
    if args[:1] == ["sweep"] and any(a == "--scheduler" or a.startswith("--scheduler=")
                                     for a in args):
        from .distributed import main as cluster_main  # on Dask: docs/cli.md

        return cluster_main(args[1:])
    return _core.main(args)


if __name__ == "__main__":
    sys.exit(main())
