"""`python -m spineload`: the command line of the `spineload` binary (docs/cli.md).

One implementation, in C++ (run_command_line): the same subcommands, flags, output and exit
codes as the binary.
"""

from __future__ import annotations

import sys

from spineload import _core


def main(argv: list[str] | None = None) -> int:
    return _core.main(list(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    sys.exit(main())
