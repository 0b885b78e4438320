"""Words a coach reads right the first time: every angle in the summary names its reference,
horizontal positions are cm ahead of or behind mid-foot and agree with the numbers, shear is
split into anterior and posterior, the limits are called occupational guidance, and a failed
pull is flagged next to its numbers; compare never prints a percentage for a failed pull or a
signed index, and never prints nan."""

import re

import pytest
import spineload as sl


def position_cm(text):
    """'6.0 cm behind mid-foot' -> -6.0; 'over mid-foot' -> 0."""
    if text == "over mid-foot":
        return 0.0
    found = re.fullmatch(r"([\d.]+) cm (ahead of|behind) mid-foot", text)
    assert found, text
    return float(found.group(1)) * (1 if found.group(2) == "ahead of" else -1)


@pytest.mark.parametrize("offset", [0.0, 0.04, -0.03])
def test_summary_positions_are_cm_from_mid_foot_and_match_the_numbers(offset):
    r = sl.simulate("average_male", sl.Setup(load=90, bar_offset=offset))
    text, s = str(r), r.summary
    setup_line = next(line for line in text.splitlines() if line.startswith("setup"))
    bar = re.search(r"bar (over mid-foot|[\d.]+ cm (?:ahead of|behind) mid-foot)", setup_line)
    assert position_cm(bar.group(1)) == pytest.approx(100 * offset, abs=0.05)
    com = re.search(r"centre of mass at the start +(.*?mid-foot)", text).group(1)
    assert position_cm(com) == pytest.approx(100 * s["start_com_x"], abs=0.05)
    cop = re.search(r"centre of pressure +from (.*?mid-foot) to (.*?mid-foot) \(", text)
    assert position_cm(cop.group(1)) == pytest.approx(100 * s["cop_min"], abs=0.05)
    assert position_cm(cop.group(2)) == pytest.approx(100 * s["cop_max"], abs=0.05)
    lever = re.search(r"lever at the start +bar ([\d.]+) cm ahead of L4-L5", text)
    landmarks = s["start_landmarks"]
    assert float(lever.group(1)) == pytest.approx(
        100 * (landmarks["bar"][0] - landmarks["l4l5"][0]), abs=0.05)


def test_every_angle_names_its_reference():
    r = sl.simulate("average_male", sl.Setup(load=100, lumbar_flexion_deg=20))
    text = str(r)
    angles = r.summary["start_angles_deg"]
    assert "trunk 30 deg above horizontal" in text.splitlines()[2]
    # coaches measure included angles; the anatomical flexion follows in brackets
    hip, lumbar, knee = angles["hip"], angles["lumbar"], angles["knee"]
    assert f"trunk-thigh angle {180 - hip - lumbar:.0f} deg (hip flexion {hip:.0f})" in text
    assert f"knee angle {180 - knee:.0f} deg (flexion {knee:.0f})" in text
    assert f"lumbar flexion {lumbar:.0f} deg (rounded)" in text
    assert "ankle dorsiflexion" in text and "(arm from the trunk line)" in text
    assert "events (lever: bar ahead of L4-L5; trunk above horizontal)" in text
    # no bare "deg" after a number without a named reference in the posture lines
    posture = text[text.index("start posture"):text.index("lever at the start")]
    for match in re.finditer(r"\d deg", posture):
        after = posture[match.end():match.end() + 25]
        assert after.startswith((" above", " (", ",")), after


def test_shear_limits_and_context_are_labelled():
    text = str(sl.simulate("average_male", "conventional"))
    assert "shear, anterior (L4 on L5)" in text and "shear, posterior" in text
    assert "the 1000 N occupational shear limit" in text
    assert "NIOSH's limits are guidance for repetitive occupational lifting" in text
    assert "trained powerlifters reach about 17 kN, Cholewicki et al. 1991" in text


def test_a_failed_pull_is_flagged_next_to_its_numbers():
    r = sl.simulate("average_male", sl.Setup(load=125, bar_drift=0.1))
    text = str(r)
    assert "result  NOT COMPLETED - failed" in text
    assert "L4-L5 peaks up to the failure" in text
    nothing = str(sl.simulate("average_male", sl.Setup(load=400)))
    assert "L4-L5 peaks: none - nothing was lifted" in nothing


def test_compare_has_no_percentages_for_failed_pulls_or_signed_indexes(cli_path):
    import subprocess

    run = subprocess.run([cli_path, "compare", "conventional", "bar_forward",
                          "conventional:load=125,bar_drift=0.1", "braced"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    rows = {line.split()[0]: line for line in run.stdout.splitlines()
            if line.split() and line.split()[0] in ("conventional", "bar_forward", "braced",
                                                     "conventional:load=125,bar_drift=0.1")}
    assert "nan" not in run.stdout.lower()
    assert rows["bar_forward"].split()[1:] == ["NO", "-", "-", "-", "-", "-"]
    failed = rows["conventional:load=125,bar_drift=0.1"]
    assert "%" not in failed and "*" in failed
    braced = rows["braced"]
    assert braced.count("%") == 4  # moment, compression, shear, extensor; not stability
    assert re.search(r"\d \(\+\d+\)$", braced)  # the stability difference, no percentage
    assert "peaks up to the failure, differences without percentages; - nothing lifted" \
        in run.stdout
