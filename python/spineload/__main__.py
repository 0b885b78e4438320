"""`python -m spineload`: the command line of the C++ `spineload` binary, from Python.

Same subcommands, flags, output and exit codes (0 ok, 2 bad input with one line, 1 failure).
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import spineload as sl
from spineload import _core


def _lifter(args) -> sl.Lifter:
    lifter = sl.Lifter.preset(args.lifter)
    for field in ("height", "mass", "sex"):
        value = getattr(args, field)
        if value is not None:
            setattr(lifter, field, value)
    return lifter


def _add_lifter_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lifter", default="average_male", help="lifter preset or TOML file")
    parser.add_argument("--height", type=float, help="stature, m")
    parser.add_argument("--mass", type=float, help="body mass, kg")
    parser.add_argument("--sex", help="male or female")


def _parse_value(text: str):
    if text in ("true", "false"):
        return text == "true"
    try:
        return float(text)
    except ValueError:
        return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="spineload", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    sim = sub.add_parser("simulate", help="simulate one pull and summarize it")
    _add_lifter_flags(sim)
    sim.add_argument("--setup", default="conventional", help="setup preset or TOML file")
    for flag, field, unit in (("--load", "load", "kg"), ("--bar-offset", "bar_offset", "m"),
                              ("--trunk-angle", "trunk_angle_deg", "deg"),
                              ("--lumbar-flexion", "lumbar_flexion_deg", "deg"),
                              ("--duration", "duration", "s")):
        sim.add_argument(flag, dest=field, type=float, help=f"{field} [{unit}]")
    sim.add_argument("--rate", type=float, help="output samples per second, Hz")
    sim.add_argument("--lowering", action="store_true", help="also lower the bar")
    sim.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                     help="any lifter, setup or option field (repeatable)")
    sim.add_argument("--out", help="write the full result to this HDF5 file")
    sim.add_argument("--json", action="store_true", help="print the summary as JSON")

    cmp_ = sub.add_parser("compare", help="compare setups for one lifter")
    _add_lifter_flags(cmp_)
    cmp_.add_argument("setups", nargs="+",
                      help="setup presets or TOML files, each optionally NAME:FIELD=VALUE[,...]")
    cmp_.add_argument("--load", type=float, help="bar plus plates, kg: replaces every setup's load")
    cmp_.add_argument("--json", action="store_true")

    swp = sub.add_parser("sweep", help="run a sweep spec (TOML) into HDF5")
    swp.add_argument("spec")
    swp.add_argument("--out", required=True)
    swp.add_argument("--threads", type=int, default=0)
    swp.add_argument("--series", action="store_true",
                     help="also store every pull's time series (/series, one row per sample)")

    mdl = sub.add_parser("model", help="print the scaled model (a table, or JSON)")
    _add_lifter_flags(mdl)
    mdl.add_argument("--load", type=float, default=100.0)
    mdl.add_argument("--json", action="store_true")

    sub.add_parser("presets", help="list built-in lifters and setups")

    args = parser.parse_args(argv)
    try:
        if args.command == "simulate":
            lifter, setup = _lifter(args), sl.Setup.preset(args.setup)
            options = sl.SimulationOptions()
            for field in ("load", "bar_offset", "trunk_angle_deg", "lumbar_flexion_deg", "duration"):
                if getattr(args, field) is not None:
                    setattr(setup, field, getattr(args, field))
            if args.rate is not None:
                options.rate = args.rate
            if args.lowering:
                setup.lowering = True
            for item in args.set:
                field, _, value = item.partition("=")
                target = next((t for t in (setup, lifter, options)
                               if field in {f["name"] for f in type(t).fields()}), None)
                if target is None:
                    raise sl.InputError(f"{field} = {value}: not a lifter, setup or option field")
                setattr(target, field, _parse_value(value))
            result = sl.simulate(lifter, setup, **options.to_dict())
            if args.out:
                result.save(args.out)
            print(json.dumps(result.summary, indent=2) if args.json else str(result), end="\n" if args.json else "")
            if args.out and not args.json:
                print(f"\nresult written to {args.out}")
        elif args.command == "compare":
            lifter = _lifter(args)
            setups = [_core.load_setup_with_overrides(text) for text in args.setups]
            for setup in setups:
                if args.load is not None:
                    setup.load = args.load
            results = [sl.simulate(lifter, setup)._core for setup in setups]
            if args.json:
                print(_core.compare_json(results))
            else:
                print(_core.compare_text(results), end="")
        elif args.command == "sweep":
            start = time.perf_counter()
            n = _core.sweep_spec_to_hdf5(args.spec, args.out, args.threads, None, args.series)
            print(f"{n['count']} pulls in {time.perf_counter() - start:.2f} s: "
                  f"{n['completed']} completed, {n['failed']} failed (summary/status says why), "
                  f"{n['errors']} impossible setups (error) -> {args.out}")
        elif args.command == "model":
            if args.json:
                print(_core.model_json(_lifter(args), args.load))
            else:
                print(_core.model_text(_lifter(args), args.load), end="")
        elif args.command == "presets":
            print("lifters: " + " ".join(sl.Lifter.preset_names()))
            print("setups:  " + " ".join(sl.Setup.preset_names()))
    except ValueError as e:
        print(f"spineload: error: {e}", file=sys.stderr)
        return 2
    except Exception as e:  # noqa: BLE001 - the CLI contract: one line, exit 1
        print(f"spineload: failed: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
