"""The public contract in docs/ against the code: every input field, summary field, channel,
file attribute, dataset, flag and exit code the program has is named in docs/files.md or
docs/cli.md, exactly as the code spells it. Adding a quantity without documenting it fails here."""

import re
import subprocess
import sys

import h5py
import pytest
import spineload as sl

from conftest import ROOT

FILES = (ROOT / "docs" / "files.md").read_text()
CLI = (ROOT / "docs" / "cli.md").read_text()


def documented(name, text):
    return f"`{name}`" in text or re.search(rf"`[^`]*\b{re.escape(name)}\b[^`]*`", text)


@pytest.mark.parametrize("cls", [sl.Lifter, sl.Setup, sl.SimulationOptions])
def test_every_input_field_is_documented(cls):
    missing = [f["name"] for f in cls.fields() if not documented(f["name"], FILES)]
    assert not missing, missing


def test_every_summary_field_and_channel_is_documented():
    result = sl.simulate("average_male", sl.Setup(duration=0.5), rate=10)
    missing = [k for k in result.summary if not documented(k, FILES)]
    missing += [c["path"] for c in sl.CHANNELS if not documented(c["path"], FILES)]
    missing += [n for c in sl.CHANNELS for n in c["names"] if not documented(n, FILES)]
    assert not missing, missing


def test_every_attribute_and_dataset_of_real_files_is_documented(tmp_path):
    pull = tmp_path / "pull.h5"
    sl.simulate("average_male", sl.Setup(duration=0.5), rate=10).save(pull)
    sweep = tmp_path / "sweep.h5"
    sl.sweep_to_hdf5(sweep, "average_male", sl.Setup(duration=0.5),
                     {"bar_offset": [0.0, -0.12]}, series=True, rate=10)
    session = tmp_path / "session.h5"
    sl.session("average_male", sl.Setup(duration=0.5, lowering_duration=0.5), sets=1, reps=2,
               load=60, path=session, rate=10)
    program = tmp_path / "program.h5"
    sl.program("average_male", sl.Setup(duration=0.5, lowering_duration=0.5), weeks=2, sets=1,
               reps=1, load=60, path=program, rate=10)
    names = set()
    for path in (pull, sweep, session, program):
        with h5py.File(path) as f:
            names |= set(f.attrs)
            f.visit(lambda name: names.update(name.split("/")))  # groups and datasets
            f.visititems(lambda name, item: names.update(item.attrs))  # a group's fields
    missing = sorted(n for n in names if not documented(n, FILES))
    assert not missing, missing


def test_every_command_line_flag_and_exit_code_is_documented():
    missing = []
    for sub in ("simulate", "compare", "report", "analyze", "sweep", "max", "session", "model",
                "presets"):
        help_text = subprocess.run([sys.executable, "-m", "spineload", sub, "--help"],
                                   capture_output=True, text=True, check=True).stdout
        assert f"`{sub}`" in CLI or f"spineload {sub}" in CLI, sub
        for flag in set(re.findall(r"(--[a-z][a-z_-]+)", help_text)):
            if not documented(flag, CLI):
                missing.append(f"{sub} {flag}")
    for code in (0, 1, 2, 3, 4, 130):
        if not re.search(rf"\|\s*`?{code}`?\s*\|", CLI):
            missing.append(f"exit code {code}")
    assert not missing, missing


def test_every_analysis_field_is_documented():
    # the analysis fields are listed by `analyze --help` from their field list in code
    help_text = subprocess.run([sys.executable, "-m", "spineload", "analyze", "--help"],
                               capture_output=True, text=True, check=True).stdout
    fields = re.findall(r"^  ([a-z_]+) {2,}", help_text.split("analysis fields")[1], re.M)
    assert "cutoff" in fields and "segment_lengths" in fields, fields
    missing = [f for f in fields if not documented(f, CLI)]
    assert not missing, missing

