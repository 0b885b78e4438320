"""Table-driven test of the bad-input contract, on the command line and in Python.

Command line: exit 2 for bad input (3 for a file that cannot be read), exactly one stderr line
"spineload: error: ..." naming the field, flag or path and the rejected value, nothing on
stdout, and nothing written: every file in the working directory is as it was (no new file, no
OUT.partial, an existing target unchanged, a link still a link). A representative subset also
runs through `python -m spineload`, which must exit and print exactly as the binary does.

Python: InputError (a ValueError) or TypeError with a one-line message naming the field, and
nothing written; numpy scalars are numbers.

A case marked xfail (strict) would be a known finding: the program not yet keeping the contract.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, NamedTuple

import numpy as np
import pytest

import spineload as sl

# ---------------------------------------------------------------------------------------------
# Files a case starts with: name -> text, or one of these markers (created in the given order).

DIR = ("dir",)
FIFO = ("fifo",)
SOCKET = ("socket",)


def link(target: str) -> tuple[str, str]:
    return ("link", target)


def hardlink(target: str) -> tuple[str, str]:
    return ("hardlink", target)


SPEC = "[grid]\nload = [100, 120]\n"
LIFTER = 'height = 1.8\nmass = 80\nsex = "male"\n'
SETUP = "load = 100\n"
OLD = "old contents, must survive\n"
# 4 axes of 65536 values: 2^64 pulls, one more than a size_t holds
OVERFLOW_SPEC = (
    "[grid]\n"
    "load = {min = 0, max = 0.0065535, n = 65536}\n"
    "bar_offset = {min = 0, max = 0.0065535, n = 65536}\n"
    "bar_height = {min = 0.1, max = 0.1065535, n = 65536}\n"
    "trunk_angle_deg = {min = 0, max = 6.5535, n = 65536}\n"
)
# 3 such axes: 2^48 pulls, countable but far over --max-pulls
HUGE_SPEC = "\n".join(OVERFLOW_SPEC.splitlines()[:4]) + "\n"
LONG_ARRAY = "extra = [" + ", ".join(str(i) for i in range(50)) + "]\n"


def prepare(root: Path, files: dict[str, Any]) -> None:
    for name, what in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(what, str):
            path.write_text(what)
        elif what == DIR:
            path.mkdir()
        elif what == FIFO:
            os.mkfifo(path)
        elif what == SOCKET:
            with socket.socket(socket.AF_UNIX) as s:
                s.bind(str(path))
        elif what[0] == "link":
            os.symlink(what[1], path)
        elif what[0] == "hardlink":
            os.link(root / what[1], path)
        else:
            raise AssertionError(what)


def snapshot(root: Path) -> dict[str, tuple]:
    """Every entry under root: type, and the bytes of a regular file or the target of a link."""
    out: dict[str, tuple] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            mode = path.lstat().st_mode
            key = str(path.relative_to(root))
            if stat.S_ISLNK(mode):
                out[key] = ("link", os.readlink(path))
            elif stat.S_ISREG(mode):
                out[key] = ("file", path.read_bytes())
            elif stat.S_ISDIR(mode):
                out[key] = ("dir",)
            else:
                out[key] = ("special", stat.S_IFMT(mode))
    return out


# ---------------------------------------------------------------------------------------------
# Command-line cases: (args, exit code, substrings of the one stderr line, files beforehand).


class Cli(NamedTuple):
    id: str
    args: list[str]
    code: int
    expect: tuple[str, ...]
    files: dict[str, Any]
    xfail: str | None
    py: bool  # also through python -m spineload


def cli(id: str, args: list[str], code: int, expect: str | tuple[str, ...],
        files: dict[str, Any] | None = None, xfail: str | None = None, py: bool = False) -> Cli:
    return Cli(id, args, code, (expect,) if isinstance(expect, str) else expect, files or {},
               xfail, py)


def sim(*args: str) -> list[str]:
    return ["simulate", *args]


def sweep(spec: str = "s.toml", *args: str, out: str = "o.h5") -> list[str]:
    return ["sweep", spec, "--out", out, *args]


def spec(text: str) -> dict[str, str]:
    return {"s.toml": text}



CLI_CASES = [
    # --- a session's plan and tempo ---
    cli("session-reps-zero", ["session", "--reps", "0"], 2, ("reps = 0", "allowed [1, 100]")),
    cli("session-sets-fraction", ["session", "--sets", "2.5"], 2, ("sets = 2.5", "whole")),
    cli("session-tempo-two", ["session", "--tempo", "3-1"], 2, ('--tempo = "3-1"', "UP-DOWN-PAUSE")),
    cli("session-tempo-empty-part", ["session", "--tempo", "3--1"], 2,
        ('--tempo = "3--1"', "is not a number")),
    cli("session-tempo-words", ["session", "--tempo", "a-b-c"], 2, ('"a" is not a number',)),
    cli("session-tempo-and-pause", ["session", "--tempo", "3-3-1", "--pause", "2"], 2,
        "drop --pause"),
    cli("session-tempo-too-fast", ["session", "--tempo", "0.1-2-1"], 2,
        ("duration = 0.1", "allowed [0.2, 20]")),
    cli("session-tempo-and-duration", ["session", "--tempo", "2-2-1", "--set", "duration=3"], 2,
        "drop --set duration"),
    cli("session-load-zero-percent", ["session", "--load", "0%"], 2,
        ("load = 0%", "[1, 120] %")),
    cli("session-hold", ["session", "--setup", "farmer_carry"], 2, 'motion = "hold"'),
    # --- fields a setup would ignore ---
    cli("hold-with-a-bar-offset", sim("--setup", "front_carry", "--set", "bar_offset=0.1"), 2,
        ("bar_offset = 0.1 m", "shapes a pull", "leave it at 0 m"), py=True),
    cli("hold-with-a-start-rule", sim("--setup", "farmer_carry", "--set", "posture=shoulders"), 2,
        ('posture = "shoulders"', "stands at lockout")),
    cli("shoulders-without-their-rule", sim("--set", "shoulder_offset=0.03"), 2,
        ("shoulder_offset = 0.03 m", 'posture = "shoulders" or "hinge"')),
    cli("drift-that-sinks-the-hips", sim("--set", "bar_drift=0.15"), 2,
        ("bar_drift = 0.15 m", "sink the hips", "less drift")),
    # --- a filmed lift's fields ---
    cli("analyze-field-typo", ["analyze", "lift.csv", "--load", "100", "--set", "cutofff=3"], 2,
        ('cutofff = "3"', "did you mean cutoff?", "max_gap", "spine_model"),
        files={"lift.csv": "time,ankle_x,ankle_y\n0,1,2\n"}),
    # --- a program's weeks ---
    cli("program-weeks-zero", ["session", "--weeks", "0"], 2, ("weeks = 0", "allowed [1, 52]")),
    cli("program-weeks-fraction", ["session", "--weeks", "2.5"], 2, ("weeks = 2.5", "whole")),
    cli("program-progression-too-steep", ["session", "--progression", "60"], 2,
        ("progression = 60", "allowed [0, 50] %")),
    cli("program-sessions-per-week", ["session", "--sessions_per_week", "8"], 2,
        ("sessions_per_week = 8", "allowed [1, 7]")),
    # --- strict numbers and fields on the command line ---
    cli("set-hex", sim("--set", "load=0x50"), 2, ('load = "0x50"', "decimal"), py=True),
    cli("set-max-steps-fraction", sim("--set", "max_steps=10.5"), 2,
        ("max_steps = 10.5", "whole")),
    cli("set-max-steps-exact", sim("--set", "max_steps=100000001"), 2,
        "max_steps = 100000001"),
    cli("set-max-steps-huge", sim("--set", "max_steps=123456789012345678"), 2,
        "max_steps = 123456789012345680"),
    cli("set-typo", sim("--set", "bar_ofset=0.1"), 2, ("bar_ofset", "did you mean bar_offset?"),
        py=True),
    cli("set-typo-option", sim("--set", "rtoll=1e-6"), 2, ("rtoll", "did you mean rtol?")),
    cli("set-empty-value", sim("--set", "load="), 2, 'load = ""'),
    cli("set-no-equals", sim("--set", "load"), 2, ("--set", '"load"', "FIELD=VALUE")),
    cli("set-word", sim("--set", "load=abc"), 2, ('load = "abc"', "decimal")),
    cli("set-overflow", sim("--set", "load=1e999"), 2, 'load = "1e999"'),
    cli("set-nan", sim("--set", "load=nan"), 2, 'load = "nan"'),
    cli("set-inf", sim("--set", "load=inf"), 2, 'load = "inf"'),
    cli("set-leading-space", sim("--set", "load= 100"), 2, 'load = " 100"'),
    cli("set-unit-suffix", sim("--set", "load=100kg"), 2, 'load = "100kg"'),
    cli("set-negative", sim("--set", "load=-1"), 2, ("load = -1", "[0, 600]")),
    cli("set-too-heavy", sim("--set", "load=700"), 2, ("load = 700", "[0, 600]")),
    cli("set-subnormal-height", sim("--set", "height=1e-320"), 2, "height = 1e-320"),
    cli("set-max-steps-1e300", sim("--set", "max_steps=1e300"), 2, "max_steps = 1e+300"),
    cli("set-rate-zero", sim("--set", "rate=0"), 2, "rate = 0"),
    cli("set-rtol-too-loose", sim("--set", "rtol=1"), 2, "rtol = 1"),
    cli("set-duration-long", sim("--set", "duration=100"), 2, "duration = 100"),
    cli("set-flag-word", sim("--set", "lowering=maybe"), 2,
        ('lowering = "maybe"', "true or false")),
    cli("set-choice", sim("--set", "posture=upright"), 2, ('posture = "upright"', "balance")),
    cli("set-newline-in-value", sim("--set", "posture=up\nright"), 2, "posture"),
    cli("flag-load-negative", sim("--load", "-5"), 2, "load = -5"),
    cli("flag-load-word", sim("--load", "abc"), 2, ("load", "abc", "decimal")),
    cli("flag-height", sim("--height", "3"), 2, "height = 3"),
    cli("flag-mass", sim("--mass", "20"), 2, "mass = 20"),
    cli("flag-sex", sim("--sex", "other"), 2, 'sex = "other"'),
    cli("flag-trunk-angle", sim("--trunk-angle", "120"), 2, "trunk_angle_deg = 120"),
    cli("flag-rate", sim("--rate", "-1"), 2, "rate = -1"),
    cli("flag-unknown", sim("--bogus"), 2, "--bogus"),
    cli("no-subcommand", [], 2, "subcommand"),
    cli("subcommand-typo", ["simulat"], 2, "simulat"),
    # --- presets ---
    cli("lifter-preset-typo", sim("--lifter", "avrage_male"), 2,
        ('"avrage_male"', "did you mean average_male?"), py=True),
    cli("setup-preset-typo", sim("--setup", "rounde"), 2, ('"rounde"', "did you mean rounded?")),
    cli("lifter-preset-newline", sim("--lifter", "avg\nmale"), 2, "lifter"),
    cli("compare-field-typo", ["compare", "conventional:bar_ofset=0.05"], 2,
        ("bar_ofset", "did you mean bar_offset?"), py=True),
    cli("compare-no-equals", ["compare", "conventional:load"], 2,
        ('"conventional:load"', "NAME:FIELD=VALUE")),
    cli("compare-preset-typo", ["compare", "rounde"], 2, "did you mean rounded?"),
    cli("model-load", ["model", "--load", "-1"], 2, "load = -1"),
    cli("model-lifter", ["model", "--lifter", "nobody"], 2, ('"nobody"', "not a preset")),
    # --- lifter and setup files ---
    cli("lifter-directory", sim("--lifter", "d/"), 2, ("d/", "directory"), {"d": DIR}, py=True),
    cli("setup-directory", sim("--setup", "./d"), 2, ("./d", "directory"), {"d": DIR}),
    cli("lifter-empty", sim("--lifter", "empty.toml"), 2, ("empty.toml", "sets no fields"),
        {"empty.toml": ""}),
    cli("setup-empty", sim("--setup", "empty.toml"), 2, ("empty.toml", "sets no fields"),
        {"empty.toml": ""}),
    cli("lifter-no-sex", sim("--lifter", "l.toml"), 2, ("sex", "missing", "l.toml"),
        {"l.toml": "height = 1.8\nmass = 80\n"}, py=True),
    cli("lifter-no-mass", sim("--lifter", "l.toml"), 2, ("mass", "missing"),
        {"l.toml": 'height = 1.8\nsex = "male"\n'}),
    cli("lifter-no-height", sim("--lifter", "l.toml"), 2, ("height", "missing"),
        {"l.toml": 'mass = 80\nsex = "male"\n'}),
    cli("lifter-mass-hex", sim("--lifter", "l.toml"), 2, ("mass = 0x50", "decimal"),
        {"l.toml": 'height = 1.8\nmass = 0x50\nsex = "male"\n'}),
    cli("lifter-mass-octal", sim("--lifter", "l.toml"), 2, ("mass = 0o120", "decimal"),
        {"l.toml": 'height = 1.8\nmass = 0o120\nsex = "male"\n'}),
    cli("lifter-mass-binary", sim("--lifter", "l.toml"), 2, ("mass = 0b1010000", "decimal"),
        {"l.toml": 'height = 1.8\nmass = 0b1010000\nsex = "male"\n'}),
    cli("lifter-mass-string", sim("--lifter", "l.toml"), 2, ('mass = "80"', "expected a number"),
        {"l.toml": 'height = 1.8\nmass = "80"\nsex = "male"\n'}),
    cli("lifter-mass-date", sim("--lifter", "l.toml"), 2, ("mass = 1979-05-27", "expected"),
        {"l.toml": 'height = 1.8\nmass = 1979-05-27\nsex = "male"\n'}),
    cli("lifter-height-range", sim("--lifter", "l.toml"), 2, ("height = 3", "[1.2, 2.3]"),
        {"l.toml": 'height = 3\nmass = 80\nsex = "male"\n'}),
    cli("setup-key-typo", sim("--setup", "st.toml"), 2, ("lod", "did you mean load?", "st.toml"),
        {"st.toml": "lod = 100\n"}, py=True),
    cli("setup-newline-string", sim("--setup", "st.toml"), 2, "posture",
        {"st.toml": 'posture = "a\\nb"\n'}),
    cli("setup-bad-toml", sim("--setup", "st.toml"), 2, ("st.toml", "not valid TOML", "line 1"),
        {"st.toml": "load = [\n"}),
    cli("lifter-duplicate-key", sim("--lifter", "l.toml"), 2, ("l.toml", "line 4"),
        {"l.toml": LIFTER + "height = 1.9\n"}),
    cli("lifter-missing-file", sim("--lifter", "missing.toml"), 2,
        ("missing.toml", "no such file")),
    # --- sweep specs ---
    cli("grid-axis-typo", sweep(), 2, ("bar_ofset", "did you mean bar_offset?"),
        spec("[grid]\nbar_ofset = [0.1]\n"), py=True),
    cli("grid-bad-value", sweep(), 2, ('load = "x"', "expected a number"),
        spec('[grid]\nload = [100, "x"]\n')),
    cli("grid-nested-list", sweep(), 2, "load = [", spec("[grid]\nload = [[100, 120], [130]]\n")),
    cli("grid-value-range", sweep(), 2,
        ("load = 700", "[0, 600]"), spec("[grid]\nload = [100, 700]\n")),
    cli("range-step-zero", sweep(), 2, ("load.step = 0", "> 0"),
        spec("[grid]\nload = {min = 100, max = 120, step = 0}\n")),
    cli("range-step-negative", sweep(), 2, "load.step = -5",
        spec("[grid]\nload = {min = 100, max = 120, step = -5}\n")),
    cli("range-min-above-max", sweep(), 2, ("load", "min <= max"),
        spec("[grid]\nload = {min = 120, max = 100, step = 5}\n")),
    cli("range-step-and-n", sweep(), 2, ("load", "n = 3", "step = 5"),
        spec("[grid]\nload = {min = 100, max = 120, step = 5, n = 3}\n")),
    cli("range-neither-step-nor-n", sweep(), 2, ("load", "step = S"),
        spec("[grid]\nload = {min = 100, max = 120}\n")),
    cli("range-n-fraction", sweep(), 2, "load.n = 2.5",
        spec("[grid]\nload = {min = 100, max = 120, n = 2.5}\n")),
    cli("range-n-zero", sweep(), 2,
        "load.n = 0", spec("[grid]\nload = {min = 100, max = 120, n = 0}\n")),
    cli("range-extra-key", sweep(), 2, "load.foo = 2",
        spec("[grid]\nload = {min = 100, max = 120, step = 1, foo = 2}\n")),
    cli("range-too-long", sweep(), 2, ("load", "the range has"),
        spec("[grid]\nload = {min = 0, max = 1e9, step = 1}\n")),
    cli("range-value-printed-as-written", sweep(), 2, "min = 0.1,",
        spec("[grid]\nbar_offset = {min = 0.1, max = 0.05, step = 0.01}\n")),
    cli("range-as-table", sweep(), 2, ("load", "min <= max"),
        spec("[grid.load]\nmin = 120\nmax = 100\nstep = 5\n")),
    cli("grid-not-table", sweep(), 2, ("grid = 5", "[grid]"), spec("grid = 5\n")),
    cli("grid-axis-scalar", sweep(), 2,
        ("load = 100", "list of values"), spec("[grid]\nload = 100\n")),
    cli("grid-axis-empty", sweep(), 2,
        ("load = []", "at least one value"), spec("[grid]\nload = []\n")),
    cli("grid-and-cases", sweep(), 2, ("case", "not both"),
        spec("[[case]]\nload = 100\n[grid]\nload = [100]\n")),
    cli("grid-lifter-axis-typo", sweep(), 2, ('"avrage_male"', "did you mean average_male?"),
        spec('[grid]\nlifter = ["avrage_male"]\n')),
    cli("grid-lifter-axis-number", sweep(), 2, ("lifter = 1", "preset name"),
        spec("[grid]\nlifter = [1]\n")),
    cli("top-level-typo", sweep(), 2, ("grids", "did you mean grid?"),
        spec("[grids]\nload = [100]\n")),
    cli("top-level-typo-table", sweep(), 2, ("grids", "did you mean grid?"),
        spec("[grids]\nload = [100]\nbar_offset = [0.1]\n")),
    cli("top-level-long-array", sweep(), 2, ("extra", "unknown key"), spec(LONG_ARRAY)),
    cli("setup-subtable", sweep(), 2, ("extra", "not a setup field"),
        spec("[setup.extra]\na = 1\nb = 2\n")),
    cli("lifter-not-table", sweep(), 2, ("lifter = 5", "preset name"), spec("lifter = 5\n")),
    cli("lifter-preset-key-typo", sweep(), 2, "did you mean average_male?",
        spec('[lifter]\npreset = "avrage_male"\n[grid]\nload = [100]\n')),
    cli("lifters-key-typo", sweep(), 2, ("heihgt", "did you mean height?"),
        spec("[grid]\nload = [100]\n[[lifters]]\nheight = 1.8\n[[lifters]]\nheihgt = 1.8\n")),
    cli("lifters-without-grid", sweep(), 2, ("s.toml", "no [grid]"), spec("[[lifters]]\nheight = 1.8\n")),
    cli("options-typo", sweep(), 2, ("rtoll", "did you mean rtol?"),
        spec("[options]\nrtoll = 1e-6\n[grid]\nload = [100]\n")),
    cli("options-max-steps-fraction", sweep(), 2, "max_steps = 10.5",
        spec("[options]\nmax_steps = 10.5\n[grid]\nload = [100]\n")),
    cli("options-wrong-type", sweep(), 2, 'rtol = "x"',
        spec('[options]\nrtol = "x"\n[grid]\nload = [100]\n')),
    cli("case-field-typo", sweep(), 2,
        ("lod", "did you mean load?"), spec("[[case]]\nlod = 100\n")),
    cli("grid-newline-string", sweep(), 2, "posture", spec('[grid]\nposture = ["x\\ny"]\n')),
    cli("over-max-pulls", sweep("s.toml", "--max-pulls", "50"), 2,
        ("100 pulls", "more than max_pulls = 50", "about", "disk"),
        spec("[grid]\nload = {min = 100, max = 190, step = 10}\n"
             "bar_offset = {min = 0.0, max = 0.09, n = 10}\n"), py=True),
    cli("over-max-pulls-huge", sweep(), 2, ("pulls", "more than max_pulls", "days"),
        spec(HUGE_SPEC)),
    cli("grid-overflows-2-64", sweep(), 2, ("grid", "2^64"), spec(OVERFLOW_SPEC), py=True),
    cli("threads-huge", sweep("s.toml", "--threads", "100000"), 2, "--threads = 100000",
        spec(SPEC), py=True),
    cli("threads-negative", sweep("s.toml", "--threads", "-1"), 2, "--threads = -1", spec(SPEC)),
    cli("threads-word", sweep("s.toml", "--threads", "abc"), 2, ("--threads", "abc"), spec(SPEC)),
    cli("max-pulls-zero", sweep("s.toml", "--max-pulls", "0"), 2, "--max-pulls = 0", spec(SPEC)),
    cli("max-pulls-nan", sweep("s.toml", "--max-pulls", "nan"), 2, "--max-pulls = \"nan\"", spec(SPEC)),
    cli("partial-exists", sweep(), 2, ("o.h5.partial", "--resume", "--force"),
        {**spec(SPEC), "o.h5.partial": OLD}, py=True),
    cli("resume-without-partial", sweep("s.toml", "--resume"), 2,
        ("--resume", "no o.h5.partial"), spec(SPEC)),
    cli("resume-damaged-partial", sweep("s.toml", "--resume"), 3,
        ("o.h5.partial", "not an HDF5 file"), {**spec(SPEC), "o.h5.partial": OLD}, py=True),
    cli("partial-is-directory", sweep("s.toml", "--force"), 2,
        ("o.h5.partial", "directory"), {**spec(SPEC), "o.h5.partial": DIR}),
    cli("spec-empty", sweep("empty.toml"), 2, "empty.toml", {"empty.toml": ""}),
    cli("spec-directory", sweep("d"), 2, ("spec = d", "directory"), {"d": DIR}),
    cli("spec-missing", sweep("missing.toml"), 2, ("missing.toml", "no such file")),
    cli("spec-bad-toml", sweep(), 2, ("s.toml", "not valid TOML"), spec("[grid\n")),
    cli("spec-argument-missing", ["sweep", "--out", "o.h5"], 2, "spec"),
    cli("out-argument-missing", ["sweep", "s.toml"], 2, "--out", spec(SPEC)),
    # --- output targets ---
    cli("sim-out-empty", sim("--out", ""), 2, ('--out = ""', "file name")),
    cli("sweep-out-empty", sweep(out=""), 2, '--out = ""', spec(SPEC)),
    cli("sim-out-directory", sim("--out", "d"), 2, ("--out = d", "a directory"), {"d": DIR}),
    cli("sim-out-directory-slash", sim("--out", "d/", "--force"), 2, ("d/", "a directory"),
        {"d": DIR}),
    cli("sweep-out-directory-force", sweep("s.toml", "--force", out="d"), 2,
        ("--out = d", "a directory"), {**spec(SPEC), "d": DIR}),
    cli("sim-out-fifo", sim("--out", "fifo"), 2, ("fifo", "a FIFO"), {"fifo": FIFO}),
    cli("sweep-out-fifo-force", sweep("s.toml", "--force", out="fifo"), 2, ("fifo", "a FIFO"),
        {**spec(SPEC), "fifo": FIFO}),
    cli("sim-out-dev-null", sim("--out", "/dev/null", "--force"), 2, ("/dev/null", "a device")),
    cli("sim-out-dev-full", sim("--out", "/dev/full"), 2, ("/dev/full", "a device")),
    cli("sweep-out-dev-full-force", sweep("s.toml", "--force", out="/dev/full"), 2,
        ("/dev/full", "a device"), spec(SPEC)),
    cli("sim-out-socket", sim("--out", "sock"), 2, ("sock", "a socket"), {"sock": SOCKET}),
    cli("sweep-out-socket-force", sweep("s.toml", "--force", out="sock"), 2, ("sock", "a socket"),
        {**spec(SPEC), "sock": SOCKET}),
    cli("sim-out-exists", sim("--out", "r.h5"), 2, ("r.h5", "exists", "--force"), {"r.h5": OLD},
        py=True),
    cli("sweep-out-exists", sweep(), 2, ("o.h5", "exists", "--force"), {**spec(SPEC), "o.h5": OLD}),
    cli("sim-out-link-to-file", sim("--out", "l.h5"), 2, ("l.h5", "exists"),
        {"r.h5": OLD, "l.h5": link("r.h5")}),
    cli("sim-out-link-to-directory", sim("--out", "l.h5", "--force"), 2, ("l.h5", "a directory"),
        {"d": DIR, "l.h5": link("d")}),
    cli("sweep-out-link-to-fifo", sweep("s.toml", "--force", out="l.h5"), 2, ("l.h5", "a FIFO"),
        {**spec(SPEC), "fifo": FIFO, "l.h5": link("fifo")}),
    cli("sim-out-link-to-dev-null", sim("--out", "l.h5", "--force"), 2, ("l.h5", "a device"),
        {"l.h5": link("/dev/null")}),
    cli("sim-out-link-loop", sim("--out", "a"), 2, ("--out = a", "symbolic links"),
        {"a": link("b"), "b": link("a")}),
    cli("sweep-spec-is-out", sweep("s.toml", out="s.toml"), 2, ("s.toml", "input of this run"),
        spec(SPEC)),
    cli("sweep-spec-is-out-force", sweep("s.toml", "--force", out="s.toml"), 2,
        ("s.toml", "input of this run"), spec(SPEC), py=True),
    cli("sweep-out-link-to-spec-force", sweep("s.toml", "--force", out="l.h5"), 2,
        ("l.h5", "input of this run"), {**spec(SPEC), "l.h5": link("s.toml")}),
    cli("sweep-out-hardlink-to-spec-force", sweep("s.toml", "--force", out="h.h5"), 2,
        ("h.h5", "input of this run"), {**spec(SPEC), "h.h5": hardlink("s.toml")}),
    cli("sim-lifter-is-out-force", sim("--lifter", "l.toml", "--out", "l.toml", "--force"), 2,
        ("l.toml", "input of this run"), {"l.toml": LIFTER}),
    cli("sim-setup-is-out-force", sim("--setup", "st.toml", "--out", "st.toml", "--force"), 2,
        ("st.toml", "input of this run"), {"st.toml": SETUP}),
    cli("sim-out-link-to-lifter-force", sim("--lifter", "l.toml", "--out", "x.h5", "--force"), 2,
        ("x.h5", "input of this run"), {"l.toml": LIFTER, "x.h5": link("l.toml")}),
    cli("sim-out-missing-directory", sim("--out", "nodir/r.h5"), 2,
        ("nodir/r.h5", "does not exist")),
    cli("sweep-out-missing-directory", sweep(out="nodir/o.h5"), 2,
        ("nodir/o.h5", "does not exist"), spec(SPEC)),
    cli("sim-out-dangling-link", sim("--out", "l.h5"), 2, ("l.h5", "does not exist"),
        {"l.h5": link("nodir/r.h5")}),
    cli("sim-out-under-a-file", sim("--out", "r.h5/x.h5"), 2, ("r.h5/x.h5", "does not exist"),
        {"r.h5": OLD}),
    cli("sim-lifter-is-out-partial", sim("--lifter", "./r.h5.partial", "--out", "r.h5"), 2,
        "r.h5.partial", {"r.h5.partial": LIFTER}),
    cli("sweep-spec-is-out-partial-force", sweep("o.h5.partial", "--force"), 2, "o.h5.partial",
        {"o.h5.partial": SPEC}),
]


def _param(case: Cli):
    marks = [pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else []
    return pytest.param(case, id=case.id, marks=marks)


def run_and_check(command: list[str], case: Cli, root: Path) -> subprocess.CompletedProcess:
    root.mkdir(parents=True, exist_ok=True)
    prepare(root, case.files)
    before = snapshot(root)
    run = subprocess.run(command + case.args, cwd=root, capture_output=True, text=True,
                         timeout=60, check=False)
    where = f"{command + case.args}\nexit {run.returncode}\nstderr: {run.stderr!r}"
    assert run.returncode == case.code, where
    assert run.stderr.endswith("\n") and run.stderr.count("\n") == 1, where
    prefix = "spineload: error: " if case.code == 2 else "spineload: cannot read or write a file: "
    assert run.stderr.startswith(prefix), where
    for text in case.expect:
        assert text in run.stderr, f"{text!r} missing\n{where}"
    assert run.stdout == "", where
    assert snapshot(root) == before, f"files changed\n{where}"
    return run


@pytest.mark.parametrize("case", [_param(c) for c in CLI_CASES])
def test_cli_refuses_bad_input(cli_path, tmp_path, case):
    run_and_check([cli_path], case, tmp_path)


@pytest.mark.parametrize("case", [_param(c) for c in CLI_CASES if c.py])
def test_python_m_spineload_refuses_alike(cli_path, tmp_path, case):
    binary = run_and_check([cli_path], case, tmp_path / "binary")
    python = run_and_check([sys.executable, "-m", "spineload"], case, tmp_path / "python")
    assert (python.returncode, python.stderr) == (binary.returncode, binary.stderr)


def test_tables_are_large_enough():
    assert len(CLI_CASES) >= 70
    assert sum(c.py for c in CLI_CASES) >= 12
    assert len({c.id for c in CLI_CASES}) == len(CLI_CASES)


# ---------------------------------------------------------------------------------------------
# What a refusal must not prevent: --force through a link replaces the target, not the link.

HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"


@pytest.mark.parametrize("command", [
    pytest.param(sim("--out", "l.h5", "--force"), id="simulate"),
    pytest.param(sweep("s.toml", "--force", out="l.h5"), id="sweep"),
])
def test_force_through_a_link_replaces_the_target(cli_path, tmp_path, command):
    prepare(tmp_path, {**spec(SPEC), "r.h5": OLD, "l.h5": link("r.h5")})
    run = subprocess.run([cli_path, *command], cwd=tmp_path, capture_output=True, text=True,
                         timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    assert os.readlink(tmp_path / "l.h5") == "r.h5"
    assert (tmp_path / "r.h5").read_bytes().startswith(HDF5_MAGIC)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["l.h5", "r.h5", "s.toml"]


# ---------------------------------------------------------------------------------------------
# Python cases: (call, expected exception, substrings of its one-line message, files beforehand).

_RESULT: list[sl.Result] = []


def result() -> sl.Result:
    if not _RESULT:
        _RESULT.append(sl.simulate("average_male", "conventional"))
    return _RESULT[0]


class Py(NamedTuple):
    id: str
    call: Callable[[Path], Any]
    error: type | tuple[type, ...]
    expect: tuple[str, ...]
    files: dict[str, Any]
    xfail: str | None


def py(id: str, call: Callable[[Path], Any], error, expect: str | tuple[str, ...],
       files: dict[str, Any] | None = None, xfail: str | None = None) -> Py:
    return Py(id, call, error, (expect,) if isinstance(expect, str) else expect, files or {}, xfail)


IE = sl.InputError
ONE = {"load": [100]}
M = "average_male"


def _h5(tmp: Path, name: str = "o.h5", **kw):
    return sl.sweep_to_hdf5(tmp / name, M, "conventional", ONE, progress=False, **kw)


PY_CASES = [
    # --- required fields and wrong types for fields ---
    py("lifter-no-sex", lambda t: sl.Lifter(height=1.8, mass=80), IE, ("sex", "missing")),
    py("lifter-no-height", lambda t: sl.Lifter(mass=80, sex="male"), IE, ("height", "missing")),
    py("lifter-no-mass", lambda t: sl.Lifter(height=1.8, sex="male"), IE, ("mass", "missing")),
    py("simulate-dict-no-sex", lambda t: sl.simulate({"height": 1.8, "mass": 80}), IE, "sex"),
    py("lifter-bool-mass", lambda t: sl.Lifter(height=1.8, mass=True, sex="male"), IE,
       ("mass", "expected a number")),
    py("lifter-numpy-bool-mass", lambda t: sl.Lifter(height=1.8, mass=np.bool_(True), sex="male"),
       IE, ("mass", "expected a number")),
    py("setup-bool-load", lambda t: sl.Setup(load=False), IE, ("load", "expected a number")),
    py("setup-text-load", lambda t: sl.Setup(load="100"), IE,
       ('load = "100"', "expected a number")),
    py("setup-none-load", lambda t: sl.Setup(load=None), (TypeError, IE), ("load", "NoneType")),
    py("setup-list-load", lambda t: sl.Setup(load=[100]), (TypeError, IE), ("load", "list")),
    py("setup-array-load", lambda t: sl.Setup(load=np.array([100.0])), (TypeError, IE),
       ("load", "ndarray")),
    py("setup-complex-load", lambda t: sl.Setup(load=1j), (TypeError, IE), ("load", "complex")),
    py("setup-decimal-load", lambda t: sl.Setup(load=Decimal("100")), (TypeError, IE),
       ("load", "Decimal")),
    py("setup-huge-int-load", lambda t: sl.Setup(load=10**400), IE, "load"),
    py("setup-nan-load", lambda t: sl.Setup(load=float("nan")), IE, "load = nan"),
    py("setup-numpy-nan-load", lambda t: sl.Setup(load=np.float64("nan")), IE, "load = nan"),
    py("setup-load-range", lambda t: sl.Setup(load=700), IE, ("load = 700", "[0, 600]")),
    py("setup-key-typo", lambda t: sl.Setup(lod=100), IE, ("lod", "did you mean load?")),
    py("setup-int-flag", lambda t: sl.Setup(lowering=1), IE, ("lowering", "true or false")),
    py("setup-text-flag", lambda t: sl.Setup(lowering="yes"), IE, ("lowering", "true or false")),
    py("setup-choice", lambda t: sl.Setup(posture="upright"), IE,
       ('posture = "upright"', "balance")),
    py("setup-attribute-text", lambda t: setattr(sl.Setup(), "load", "heavy"), IE,
       'load = "heavy"'),
    py("setup-from-dict-key", lambda t: sl.Setup.from_dict({1: 2}), IE, "field names are text"),
    py("options-max-steps-fraction", lambda t: sl.SimulationOptions(max_steps=10.5), IE,
       ("max_steps = 10.5", "whole")),
    py("options-max-steps-exact", lambda t: sl.SimulationOptions(max_steps=np.int64(100000001)), IE,
       "max_steps = 100000001"),
    # --- lifter and setup arguments ---
    py("simulate-lifter-int", lambda t: sl.simulate(5), TypeError, ("lifter", "int")),
    py("simulate-lifter-none", lambda t: sl.simulate(None), TypeError, ("lifter", "NoneType")),
    py("simulate-setup-int", lambda t: sl.simulate(M, 5), TypeError, ("setup", "int")),
    py("simulate-setup-list", lambda t: sl.simulate(M, [1]), TypeError, ("setup", "list")),
    py("model-lifter-int", lambda t: sl.model(5), TypeError, ("lifter", "int")),
    py("model-load", lambda t: sl.model(M, load=-1), IE, "load = -1"),
    py("simulate-lifter-typo", lambda t: sl.simulate("avrage_male"), IE,
       "did you mean average_male?"),
    py("simulate-setup-typo", lambda t: sl.simulate(M, "rounde"), IE, "did you mean rounded?"),
    py("setup-preset-typo", lambda t: sl.Setup.preset("rounde"), IE, "did you mean rounded?"),
    py("simulate-option-fraction", lambda t: sl.simulate(M, None, max_steps=10.5), IE,
       "max_steps = 10.5"),
    py("simulate-option-typo", lambda t: sl.simulate(M, None, rtoll=1e-6), IE,
       ("rtoll", "did you mean rtol?")),
    py("simulate-empty-toml", lambda t: sl.simulate(str(t / "e.toml")), IE, "sets no fields",
       {"e.toml": ""}),
    py("from-toml-directory", lambda t: sl.Lifter.from_toml(t / "d"), IE, "directory", {"d": DIR}),
    py("from-toml-empty", lambda t: sl.Lifter.from_toml(t / "e.toml"), IE, "sets no fields",
       {"e.toml": ""}),
    py("from-toml-int", lambda t: sl.Lifter.from_toml(5), TypeError, ("from_toml", "int")),
    py("from-toml-text-no-sex", lambda t: sl.Lifter.from_toml("height = 1.8\nmass = 80\n"), IE,
       ("sex", "missing")),
    py("from-toml-hex-mass", lambda t: sl.Lifter.from_toml(LIFTER.replace("80", "0x50")), IE,
       ("mass = 0x50", "decimal")),
    # --- sweeps ---
    py("sweep-no-setups", lambda t: sl.sweep(M, []), IE, "setups"),
    py("sweep-empty-generator", lambda t: sl.sweep(M, (s for s in ())), IE, "setups"),
    py("sweep-no-lifters", lambda t: sl.sweep([], "conventional"), IE, "lifters"),
    py("sweep-lifter-int", lambda t: sl.sweep(5, "conventional"), TypeError, "lifter"),
    py("sweep-setups-int", lambda t: sl.sweep(M, 5), TypeError, "setup"),
    py("sweep-threads-huge", lambda t: sl.sweep(M, ONE, threads=10**6), IE, "threads = 1000000"),
    py("sweep-threads-negative", lambda t: sl.sweep(M, ONE, threads=-1), IE, "threads = -1"),
    py("sweep-threads-beyond-int64", lambda t: sl.sweep(M, ONE, threads=10**30), (TypeError, IE),
       "threads"),
    py("sweep-threads-fraction", lambda t: sl.sweep(M, ONE, threads=2.5), (TypeError, IE),
       "threads"),
    py("sweep-grid-typo", lambda t: sl.sweep(M, {"bar_ofset": [0.1]}), IE,
       ("bar_ofset", "did you mean bar_offset?")),
    py("sweep-grid-empty-axis", lambda t: sl.sweep(M, {"load": []}), IE, "load = []"),
    py("sweep-grid-text", lambda t: sl.sweep(M, {"load": "abc"}), IE, 'load = "abc"'),
    py("sweep-grid-object", lambda t: sl.sweep(M, {"load": [object()]}), (TypeError, IE),
       ("load", "object")),
    py("sweep-option-typo", lambda t: sl.sweep(M, ONE, rtoll=1e-6), IE, "did you mean rtol?"),
    py("sweep-over-max-pulls", lambda t: sl.sweep(M, {"load": list(range(100, 200))}, max_pulls=10),
       IE, ("100 pulls", "more than max_pulls = 10", "about")),
    py("sweep-max-pulls-zero", lambda t: sl.sweep(M, ONE, max_pulls=0), IE, "max_pulls"),
    py("h5-threads-huge", lambda t: _h5(t, threads=10**6), IE, "threads = 1000000"),
    py("h5-resume-without-partial", lambda t: _h5(t, resume=True), IE, ("resume", "no ")),
    py("h5-partial-exists", lambda t: _h5(t), IE, ("o.h5.partial", "resume"),
       {"o.h5.partial": OLD}),
    py("h5-partial-exists-python-words", lambda t: _h5(t), IE, "overwrite",
       {"o.h5.partial": OLD}),
    py("h5-damaged-partial", lambda t: _h5(t, resume=True), sl.IoError, "o.h5.partial",
       {"o.h5.partial": OLD}),
    py("h5-exists", lambda t: _h5(t), IE, ("o.h5", "exists", "overwrite=True"), {"o.h5": OLD}),
    py("h5-device", lambda t: sl.sweep_to_hdf5("/dev/full", M, "conventional", ONE,
                                               overwrite=True), IE, "a device"),
    py("h5-spec-is-not-a-grid", lambda t: sl.sweep_to_hdf5(t / "o.h5", M, "conventional",
                                                           [{"load": 100}]), (TypeError, IE),
       "grid"),
    # --- files ---
    py("save-exists", lambda t: result().save(t / "r.h5"), IE, ("r.h5", "exists", "overwrite=True"),
       {"r.h5": OLD}),
    py("save-exists-pathlike-str", lambda t: result().save(str(t / "r.h5")), IE, "exists",
       {"r.h5": OLD}),
    py("save-directory", lambda t: result().save(t), IE, "a directory"),
    py("save-empty-name", lambda t: result().save(""), IE, ('path = ""', "file name")),
    py("save-dev-null", lambda t: result().save("/dev/null", overwrite=True), IE, "a device"),
    py("save-fifo", lambda t: result().save(t / "fifo", overwrite=True), IE, "a FIFO",
       {"fifo": FIFO}),
    py("save-link-to-directory", lambda t: result().save(t / "l.h5", overwrite=True), IE,
       "a directory", {"d": DIR, "l.h5": link("d")}),
    py("save-missing-directory", lambda t: result().save(t / "nodir" / "r.h5"), IE,
       "does not exist"),
    py("save-int-path", lambda t: result().save(5), TypeError, "int"),
    py("to-toml-exists", lambda t: sl.Setup().to_toml(t / "s.toml"), IE, ("s.toml", "exists"),
       {"s.toml": OLD}),
]


def _py_param(case: Py):
    marks = [pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else []
    return pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", [_py_param(c) for c in PY_CASES])
def test_python_refuses_bad_input(tmp_path, case):
    prepare(tmp_path, case.files)
    before = snapshot(tmp_path)
    with pytest.raises(case.error) as caught:
        case.call(tmp_path)
    message = str(caught.value)
    assert "\n" not in message, message
    for text in case.expect:
        assert text in message, (text, message)
    assert snapshot(tmp_path) == before


def test_python_tables_are_large_enough():
    assert len(PY_CASES) >= 40
    assert len({c.id for c in PY_CASES}) == len(PY_CASES)


# ---------------------------------------------------------------------------------------------
# What Python must accept.


def test_error_types():
    assert issubclass(sl.InputError, ValueError)
    assert issubclass(sl.IoError, OSError)


def test_numpy_scalars_are_numbers():
    lifter = sl.Lifter(height=np.float32(1.8), mass=np.int64(80), sex="male",
                       strength=np.float64(1.2))
    assert lifter.mass == 80.0 and abs(lifter.height - 1.8) < 1e-6
    setup = sl.Setup(load=np.int64(100), lowering=np.bool_(False), duration=np.float32(1.5),
                     bar_offset=np.int32(0))
    assert setup.load == 100.0 and setup.lowering is False
    setup.lowering = np.bool_(True)
    assert setup.lowering is True
    options = sl.SimulationOptions(max_steps=np.int64(100000), rate=np.float64(100))
    assert options.max_steps == 100000
    run = sl.simulate(lifter, sl.Setup(load=np.int64(100)), rate=np.float32(100))
    assert run.samples > 0
    table = sl.sweep(M, {"load": np.array([100, 110], dtype=np.int64),
                         "lowering": [np.bool_(False)]}, threads=1, progress=False)
    assert list(table["load"]) == [100.0, 110.0]


def test_presets_by_name():
    run = sl.simulate("average_male", "rounded")
    assert run.samples > 0 and run.setup.name == "rounded"


def test_inputs_compare_with_anything():
    """== against another type is False (not a TypeError); a preset name is not its Setup."""
    assert sl.Setup() == sl.Setup() and sl.Setup(load=50) != sl.Setup()
    assert (sl.Setup() == "conventional") is False and sl.Setup() != "conventional"
    assert (sl.Lifter.preset("average_male") == 3) is False
    assert sl.Setup() not in ["conventional", None]


def test_save_overwrite_replaces(tmp_path):
    target = tmp_path / "r.h5"
    target.write_text(OLD)
    result().save(target, overwrite=True)
    assert target.read_bytes().startswith(HDF5_MAGIC)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.h5"]
