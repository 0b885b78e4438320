"""The coach's report (`spineload report`, sl.report): opened in a real headless browser
(Debian's chromium), it loads with no console error and no network request, draws every stick
figure and chart in its pull's colour, animates when played, fits a phone's width and prints
to PDF; what it draws at the end of a pull is the pull's own lever; its notes quote the
pulls' own numbers and never compare a failed pull in percent."""

import json
import os
import re
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest
import spineload as sl
from browser import Browser, find_chromium

# one completed reference, one that lifts nothing, one that fails mid-pull, one braced
SETUPS = ["conventional", "bar_forward", "conventional:load=125,bar_drift=0.1", "braced"]
COLORS = [(0x1f, 0x77, 0xb4), (0xd6, 0x27, 0x28), (0x2c, 0xa0, 0x2c), (0x94, 0x67, 0xbd)]


@pytest.fixture(scope="module")
def report_path(tmp_path_factory, cli_path):
    path = tmp_path_factory.mktemp("report") / "report.html"
    run = subprocess.run([cli_path, "report", *SETUPS, "--out", str(path)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert f"report written to {path}" in run.stdout
    return path


@pytest.fixture(scope="module")
def browser():
    executable = find_chromium()
    if executable is None:
        pytest.fail("no chromium: scripts/test.sh installs Debian's chromium package")
    with Browser(executable) as b:
        yield b


def page_data(path):
    text = path.read_text()
    found = re.search(r'<script id="spineload-data" type="application/json">(.*?)</script>',
                      text, re.S)
    return json.loads(found.group(1))


def colour_pixels(image, rect, rgb, tolerance=0.06):
    x, y, w, h = (int(round(v)) for v in rect)
    region = image[y:y + h, x:x + w]
    return int((np.abs(region - np.array(rgb) / 255).max(axis=-1) < tolerance).sum())


def test_the_page_is_self_contained_and_small(report_path):
    text = report_path.read_text()
    assert not re.search(r"https?://", text)  # no address to fetch anything from
    assert "<link" not in text and "src=" not in text
    assert report_path.stat().st_size < 3_000_000  # 4 setups


def test_the_page_loads_draws_and_plays_in_a_browser(report_path, browser):
    browser.open(report_path, width=1200, height=900)
    assert browser.problems() == []
    urls = browser.requests()
    assert urls and all(u.startswith("file://") for u in urls), urls
    data = page_data(report_path)
    pulls = data["pulls"]
    assert [p["name"] for p in pulls] == ["conventional", "bar_forward",
                                          "conventional:load=125,bar_drift=0.1", "braced"]
    # where every figure and chart sits, then the pixels there
    rects = browser.evaluate(
        "[...document.querySelectorAll('figure')].map(f => {const r = "
        "f.querySelector('svg').getBoundingClientRect(); return [r.x, r.y + scrollY, r.width, "
        "r.height, f.dataset.pull ?? null, f.dataset.chart ?? null];})")
    figures = [r for r in rects if r[4] is not None]
    charts = [r for r in rects if r[5] is not None]
    assert len(figures) == 4 and [c[5] for c in charts] == ["moment", "compression", "shear"]
    image = browser.screenshot()
    for (*rect, pull, _), colour in zip(figures, COLORS):
        drawn = colour_pixels(image, rect, colour)
        if pulls[int(pull)]["time"]:
            assert drawn > 300, f"stick figure of {pulls[int(pull)]['name']} not drawn"
        else:
            assert drawn == 0  # nothing lifted: no figure pretends otherwise
    for *rect, _, chart in charts:
        for pull, colour in zip(pulls, COLORS):
            if pull["time"]:
                assert colour_pixels(image, rect, colour, 0.12) > 30, f"{chart}: {pull['name']}"

    # the animation advances when played
    body = "document.querySelector('figure polyline[stroke-width=\"0.035\"]')" \
           ".getAttribute('points')"
    before = browser.evaluate(body)
    assert float(browser.evaluate("document.getElementById('scrub').value")) == 0
    browser.evaluate("document.getElementById('play').click()")
    deadline = time.monotonic() + 20
    while float(browser.evaluate("document.getElementById('scrub').value")) < 0.2:
        assert time.monotonic() < deadline, "the animation did not advance"
        time.sleep(0.05)
    assert browser.evaluate(body) != before
    browser.evaluate("document.getElementById('play').click()")  # pause


def test_the_last_frame_is_the_pulls_own_lever(report_path, browser):
    browser.open(report_path)
    browser.evaluate("const s = document.getElementById('scrub'); s.value = s.max; "
                     "s.dispatchEvent(new Event('input'))")
    levers = browser.evaluate(
        "[...document.querySelectorAll('figure[data-pull]')].map(f => "
        "[...f.querySelectorAll('svg text')].map(t => t.textContent)"
        ".filter(t => t.startsWith('lever') || t.startsWith('failed')))")
    reference = sl.simulate("average_male", "conventional")
    lever = 100 * (reference.bar[-1, 0] - reference.l4l5.position[-1, 0])
    assert levers[0] == [f"lever {lever:.0f} cm"]
    failed = sl.simulate("average_male", sl.Setup(load=125, bar_drift=0.1))
    assert not failed.summary["completed"]
    assert f"failed here, {failed.time[-1]:.2f} s" in levers[2]
    assert browser.problems() == []


def test_a_phone_sees_the_whole_width_and_the_page_prints(report_path, browser):
    browser.open(report_path, width=390, height=844, mobile=True)
    assert browser.problems() == []
    # nothing wider than the screen: the figures stack, the table scrolls in its own box
    assert browser.evaluate("document.documentElement.scrollWidth") <= 391
    pdf = browser.pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000


def test_python_and_the_command_line_write_the_same_page(report_path, tmp_path):
    pulls = [sl.Setup.preset("conventional"), "bar_forward",
             sl.Setup(name="conventional:load=125,bar_drift=0.1", load=125, bar_drift=0.1),
             "braced"]
    page = sl.report(pulls, path=tmp_path / "r.html")
    assert (tmp_path / "r.html").read_text() == page
    assert page_data(report_path) == json.loads(
        re.search(r'application/json">(.*?)</script>', page, re.S).group(1))
    with pytest.raises(sl.InputError, match="exists"):
        sl.report(pulls[:1], path=tmp_path / "r.html")
    with pytest.raises(ValueError, match="at least one"):
        sl.report([])
    toml = tmp_path / "mine.toml"
    sl.Setup(name="mine", load=90).to_toml(toml)
    with pytest.raises(sl.InputError, match="mine.toml"):
        sl.report([toml], path=toml, overwrite=True)
    assert "load = 90" in toml.read_text()
    summary_only = sl.simulate("average_male", "conventional", store_series=False)
    with pytest.raises(sl.InputError, match="time series"):
        sl.report([summary_only])


def test_a_report_with_samples_shows_the_bands_that_compare_finds(cli_path, tmp_path, browser):
    """report --samples: the page's band cells are sl.compare's numbers (another path from the
    same samples) and its verdicts sl.compare's; the command line and Python write one page;
    a browser shows the section; without samples there is none."""
    path = tmp_path / "bands.html"
    run = subprocess.run([cli_path, "report", "conventional", "rounded", "--samples", "60",
                          "--seed", "2", "--out", str(path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "60 samples (seed 2)" in run.stdout  # the bands are printed too
    page = path.read_text()
    assert sl.report(["conventional", "rounded"], samples=60, seed=2) == page
    bands = page_data(path)["bands"]
    frame = sl.compare(["conventional", "rounded"], samples=60, seed=2)
    header, *rows = bands["rows"]
    assert header[1:] == ["moment N*m", "compression N", "anterior shear N",
                          "least stability N*m/rad"]
    assert [r[0] for r in rows] == ["conventional", "rounded", "  vs conventional"]
    fields = ["peak_moment", "peak_compression", "peak_anterior_shear", "min_stability"]
    for name, row in zip(["conventional", "rounded"], rows):
        for field, cell in zip(fields, row[1:]):
            band = frame.loc[(name, field)]
            assert cell == f"{band.nominal:.0f} [{band.p05:.0f} to {band.p95:.0f}]", field
    verdicts = 0
    for field, cell in zip(fields, rows[2][1:]):
        band = frame.loc[("rounded", field)]
        # whole units, or three significant digits below 10 (as compare --samples prints)
        def signed(v):
            return f"{v:+.3g}" if 0 < abs(v) < 10 else f"{v:+.0f}"
        assert cell.startswith(f"{signed(band.diff_nominal)} [{signed(band.diff_p05)} to "
                               f"{signed(band.diff_p95)}]"), cell
        if band.differs is not pd.NA:
            verdicts += 1
            assert cell.endswith(" differs" if band.differs else " within"), (field, cell)
    assert verdicts >= 2  # rounding moves the moment and the shear beyond the spread
    assert "60 samples (seed 2)" in bands["about"] and len(bands["notes"]) >= 2

    browser.open(path, width=1200, height=900)
    assert browser.problems() == []
    assert browser.evaluate("document.getElementById('bands-section').hidden") is False
    assert browser.evaluate("document.querySelectorAll('#bands tr').length") == 4
    plain = tmp_path / "plain.html"
    sl.report(["conventional"], path=plain)
    assert "bands" not in page_data(plain)
    with pytest.raises(ValueError, match="setups"):
        sl.report([sl.simulate("average_male", "conventional")], samples=10)


def test_notes_quote_the_numbers_and_never_compare_a_failed_pull():
    results = [sl.simulate("average_male", s) for s in
               ("conventional", "rounded", "bar_forward")]
    results.append(sl.simulate("average_male", sl.Setup(load=125, bar_drift=0.1)))
    ref, rounded = (r.summary for r in results[:2])
    notes = sl._core.report_notes(results)
    assert f"peak L4-L5 moment {ref['peak_moment']:.0f} N*m" in notes[0]
    assert f"{100 * ref['liftoff_lever']:.1f} cm ahead of L4-L5 at liftoff" in notes[0]
    change = 100 * (rounded["peak_moment"] - ref["peak_moment"]) / ref["peak_moment"]
    assert notes[1].startswith("rounded (trunk 8 deg lower, lower back 30 deg more rounded)")
    assert (f"peak moment {rounded['peak_moment']:.0f} vs {ref['peak_moment']:.0f} N*m "
            f"({change:+.1f}%)") in notes[1]
    percentage = re.compile(r"\([+-][\d.]+%\)")
    assert "nothing was lifted" in notes[2] and not percentage.search(notes[2])
    assert "did not complete" in notes[3] and not percentage.search(notes[3])
    assert percentage.search(notes[1])
    assert "occupational" in notes[-1] and "17 kN" in notes[-1]


def test_the_command_line_refuses_before_it_writes(cli_path, tmp_path):
    out = tmp_path / "r.html"
    out.write_text("keep me")
    run = subprocess.run([cli_path, "report", "conventional", "--out", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 2 and "--force" in run.stderr and out.read_text() == "keep me"
    run = subprocess.run([cli_path, "report", "conventional", "no_such_setup", "--out",
                          str(tmp_path / "new.html")], capture_output=True, text=True)
    assert run.returncode == 2 and "no_such_setup" in run.stderr
    assert not (tmp_path / "new.html").exists()
    assert os.listdir(tmp_path) == ["r.html"]  # no partial file left either


def test_a_bar_path_through_the_shins_is_flagged_everywhere(cli_path):
    """A pull whose planned bar passes more than 1 cm inside the legs' clearance (docs/model.md
    5.2; the C++ test Simulate.ABarPathThroughTheShinsIsFlagged) says so in the report's notes,
    the text summary and the summary fields, with the same number; a clear pull says nothing."""
    lifter = {"sex": "male", "height": 1.9012, "mass": 73.39, "thigh_ratio": 0.2953,
              "shank_ratio": 0.2901, "strength": 3.0}
    setup = {"trunk_angle_deg": 65.13, "bar_offset": 0.0381, "lumbar_flexion_deg": 22.06,
             "coordination": -0.0177, "load": 32.61}
    flagged = sl.simulate(lifter, setup)
    clear = sl.simulate(lifter, "conventional")
    inside = flagged.summary["bar_inside_legs"]
    assert inside > 0.01 and clear.summary["bar_inside_legs"] < 0.01
    notes = sl._core.report_notes([clear, flagged])
    quoted = f"the planned bar passes {100 * inside:.1f} cm inside the legs' clearance"
    assert sum(quoted in n for n in notes) == 1
    assert f"at {flagged.summary['bar_inside_legs_time']:.2f} s" in next(n for n in notes
                                                                         if quoted in n)
    assert not any("planned bar passes" in n for n in sl._core.report_notes([clear]))
    args = [cli_path, "simulate", "--height", "1.9012", "--mass", "73.39",
            "--set", "thigh_ratio=0.2953", "--set", "shank_ratio=0.2901", "--set", "strength=3",
            "--trunk-angle", "65.13", "--bar-offset", "0.0381", "--lumbar-flexion", "22.06",
            "--set", "coordination=-0.0177", "--load", "32.61"]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    assert f"note    the planned bar passes {100 * inside:.1f} cm inside" in text
    as_json = json.loads(subprocess.run(args + ["--json"], capture_output=True, text=True,
                                        check=True).stdout)
    assert as_json["bar_inside_legs"] == pytest.approx(inside, rel=1e-12)
