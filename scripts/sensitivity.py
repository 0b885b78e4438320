"""One-at-a-time sensitivity of peak L4-L5 compression and shear (docs/validation.md section 4).

Each parameter is moved -10% and +10% from its table value (the balance point by -/+1 cm);
the baseline is a braced, slightly rounded pull so that every term of the spine model acts.
Writes docs/img/tornado.png and prints the markdown table.

python scripts/sensitivity.py
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import spineload as sl  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LIFTER = sl.Lifter.preset("average_male")
SETUP = sl.Setup(trunk_angle_deg=24, lumbar_flexion_deg=20, iap_kpa=10, load=100)

# (label, object, field, value at the table's default)
model = sl.model(LIFTER)
spine = model.attrs["spine"]
PARAMETERS = [
    ("extensor moment arm", "lifter", "extensor_moment_arm", spine["extensor_moment_arm"]),
    ("extensor angle", "lifter", "extensor_angle_deg", spine["extensor_angle_deg"]),
    ("passive moment at full flexion", "lifter", "passive_moment_max", spine["passive_moment_max"]),
    ("full lumbar flexion", "lifter", "lumbar_flexion_range_deg", spine["lumbar_flexion_range_deg"]),
    ("passive moment arm", "lifter", "passive_moment_arm", spine["passive_moment_arm"]),
    ("IAP moment arm", "lifter", "iap_moment_arm", spine["iap_moment_arm"]),
    ("IAP area", "lifter", "iap_area", spine["iap_area"]),
    ("IAP pressure", "setup", "iap_kpa", SETUP.iap_kpa),
    ("body mass (all segments)", "lifter", "mass", LIFTER.mass),
    ("torso length (hip-shoulder)", "lifter", "torso_ratio", 0.288),
    ("L4-L5 position (hip-shoulder)", "lifter", "l4l5_fraction", model.attrs["l4l5_fraction"]),
    ("thigh length", "lifter", "thigh_ratio", model.loc["thigh", "length"] / LIFTER.height),
    ("shank length", "lifter", "shank_ratio", model.loc["shank", "length"] / LIFTER.height),
    ("arm length", "lifter", "arm_ratio", model.loc["arm", "length"] / LIFTER.height),
    ("bar load", "setup", "load", SETUP.load),
]


def peaks(lifter, setup):
    s = sl.simulate(lifter, setup, store_series=False).summary
    return s["peak_compression"], s["peak_anterior_shear"]


def main() -> None:
    base_c, base_s = peaks(LIFTER, SETUP)
    rows = []
    cases = [(label, kind, field, value * f) for label, kind, field, value in PARAMETERS
             for f in (0.9, 1.1)]
    cases += [("balance point -/+1 cm", "setup", "balance_point", SETUP.balance_point + d)
              for d in (-0.01, 0.01)]
    results = {}
    for label, kind, field, value in cases:
        lifter, setup = sl.Lifter(**LIFTER.to_dict()), sl.Setup(**SETUP.to_dict())
        setattr(lifter if kind == "lifter" else setup, field, value)
        try:
            results.setdefault(label, []).append(peaks(lifter, setup))
        except ValueError as e:  # a setup the changed geometry cannot take
            results.setdefault(label, []).append((float("nan"), float("nan")))
            print(f"# {label} {value:.4g}: {e}")
    print(f"baseline: peak compression {base_c:.0f} N, peak shear {base_s:.0f} N\n")
    print("| parameter (-10% / +10%) | compression change | shear change |")
    print("|---|---|---|")
    for label, ((c_lo, s_lo), (c_hi, s_hi)) in results.items():
        rows.append((label, 100 * (c_lo / base_c - 1), 100 * (c_hi / base_c - 1),
                     100 * (s_lo / base_s - 1), 100 * (s_hi / base_s - 1)))
        print(f"| {label} | {rows[-1][1]:+.1f}% / {rows[-1][2]:+.1f}% | "
              f"{rows[-1][3]:+.1f}% / {rows[-1][4]:+.1f}% |")

    fig, axes = plt.subplots(1, 2, figsize=(11, 6), sharey=True)
    order = sorted(rows, key=lambda r: max(abs(r[1]), abs(r[2])))
    labels = [r[0] for r in order]
    for ax, (lo, hi), title in ((axes[0], (1, 2), f"peak compression ({base_c:.0f} N)"),
                                (axes[1], (3, 4), f"peak shear ({base_s:.0f} N)")):
        ax.barh(labels, [r[lo] for r in order], color="tab:blue", label="-10%")
        ax.barh(labels, [r[hi] for r in order], color="tab:orange", label="+10%")
        ax.axvline(0, color="k", lw=0.8)
        ax.set_xlabel("change from baseline (%)")
        ax.set_title(title)
    axes[0].legend()
    fig.tight_layout()
    out = ROOT / "docs" / "img" / "tornado.png"
    fig.savefig(out, dpi=110)
    print(f"\nwrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
