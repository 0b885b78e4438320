"""Writes notebooks/*.ipynb from the cell sources below (keeps the notebooks reviewable as code).

python scripts/make_notebooks.py
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parents[1] / "notebooks"

LEVER = [
    new_markdown_cell(
        "# The bar's distance is a lever on the lower back\n\n"
        "A bar in front of the mid-foot is a kettlebell on the end of a broom. Because the lifter "
        "must stay balanced over the feet, moving the bar forward also pushes the hips back, so "
        "the horizontal distance from L4-L5 to the bar grows by *more* than the bar moved. "
        "Equations: `docs/model.md`."),
    new_code_cell(
        "import matplotlib.pyplot as plt\nimport numpy as np\nimport spineload as sl\n\n"
        "lifter = sl.Lifter.preset('heavy_male_lifter')\n"
        "offsets = np.round(np.arange(0.0, 0.101, 0.01), 3)\n"
        "frame = sl.sweep(lifter, {'bar_offset': list(offsets), 'trunk_angle_deg': [20, 25, 30]},"
        " threads=2, progress=False)\n"
        "frame[['bar_offset', 'trunk_angle_deg', 'completed', 'peak_moment', 'peak_compression']]"
        ".head()"),
    new_code_cell(
        "fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))\n"
        "for angle, group in frame.groupby('trunk_angle_deg'):\n"
        "    ax1.plot(group.bar_offset * 100, group.peak_moment, marker='o', label=f'trunk {angle} deg')\n"
        "    ax2.plot(group.bar_offset * 100, group.peak_compression, marker='o')\n"
        "ax2.axhline(3400, ls='--', c='k', lw=1, label='NIOSH action limit')\n"
        "ax2.axhline(6400, ls=':', c='k', lw=1, label='NIOSH maximum')\n"
        "ax1.set(xlabel='bar ahead of mid-foot (cm)', ylabel='peak L4-L5 moment (N*m)')\n"
        "ax2.set(xlabel='bar ahead of mid-foot (cm)', ylabel='peak disc compression (N)')\n"
        "fig.suptitle('heavy_male_lifter, 100 kg, conventional setup: the bar moved forward')\n"
        "ax1.legend(); ax2.legend(); fig.tight_layout()"),
    new_code_cell(
        "# how much more than the bar's own shift: the lever grows through balance\n"
        "near = sl.simulate(lifter, sl.Setup(bar_offset=0.0)).summary\n"
        "far = sl.simulate(lifter, sl.Setup(bar_offset=0.08)).summary\n"
        "lever = lambda s: s['start_landmarks']['bar'][0] - s['start_landmarks']['l4l5'][0]\n"
        "print(f'bar moved 0.080 m; L4-L5 to bar grew {lever(far) - lever(near):.3f} m; '\n"
        "      f'peak moment {near[\"peak_moment\"]:.0f} -> {far[\"peak_moment\"]:.0f} N*m')"),
    new_markdown_cell(
        "The whole pull with the bar 8 cm forward: the lifter at the start, liftoff, knee passage "
        "and lockout with the lever drawn, and the L4-L5 curves (`Result.plot()`); then the pull "
        "in motion (`Result.animate()`)."),
    new_code_cell(
        "pull = sl.simulate(lifter, sl.Setup(bar_offset=0.08))\n"
        "pull.plot();"),
    new_code_cell("pull.animate(fps=10)"),
]

ROUNDING = [
    new_markdown_cell(
        "# Rounding and bracing\n\n"
        "Lumbar flexion hands part of the extension moment to passive tissue (ligaments, fascia), "
        "turns the disc, and takes away the extensor's shear-restraining pull: shear rises. "
        "Bracing (intra-abdominal pressure) takes moment off the extensor. `docs/model.md` "
        "section 6."),
    new_code_cell(
        "import matplotlib.pyplot as plt\nimport spineload as sl\n\n"
        "lifter = sl.Lifter.preset('average_male')\n"
        "rows = []\n"
        "for flexion in [0, 10, 20, 30]:\n"
        "    r = sl.simulate(lifter, sl.Setup(trunk_angle_deg=22, lumbar_flexion_deg=flexion))\n"
        "    rows.append((flexion, r.summary['peak_anterior_shear'], r.l4l5.passive_moment.max(),"
        " r.summary['peak_compression']))\n"
        "for row in rows:\n"
        "    print('lumbar %2d deg: peak shear %4.0f N, passive moment %3.0f N*m, compression %5.0f N'"
        " % row)"),
    new_code_cell(
        "r0 = sl.simulate(lifter, sl.Setup(trunk_angle_deg=22))\n"
        "r30 = sl.simulate(lifter, sl.Setup(trunk_angle_deg=22, lumbar_flexion_deg=30))\n"
        "fig, ax = plt.subplots(figsize=(6, 4))\n"
        "ax.plot(r0.time, r0.l4l5.shear, label='neutral')\n"
        "ax.plot(r30.time, r30.l4l5.shear, label='30 deg flexed')\n"
        "ax.axhline(1000, ls='--', c='k', lw=1, label='1000 N shear limit')\n"
        "ax.set(title='average_male, 100 kg, trunk 22 deg: neutral vs rounded',\n"
        "       xlabel='time (s)', ylabel='L4-L5 shear, + anterior (N)'); ax.legend()"),
    new_code_cell(
        "braced = sl.sweep(lifter, {'iap_kpa': [0, 5, 10, 15, 20]}, progress=False)\n"
        "braced[['iap_kpa', 'peak_moment', 'peak_extensor_force', 'peak_compression', 'peak_anterior_shear']]"),
    new_markdown_cell(
        "## One vertebra lower: L5-S1\n\n"
        "L5-S1 sits about 4 cm below L4-L5 on the pelvis, and its disc slopes with the sacrum "
        "(about 29 deg forward in standing). So the same load has a slightly longer lever there, "
        "and far more of it lies along the disc: L5-S1 shear is about twice L4-L5's here. "
        "Rounding moves them apart: flexing the lumbar spine leaves the pelvis more upright for "
        "the same trunk angle, so the sacral disc faces more upward and its shear falls while "
        "L4-L5's rises - the direction published stoop-against-squat comparisons found (von Arx "
        "et al. 2021). This L5-S1 shear has no muscle obliquity in it (`docs/model.md` 6.10): "
        "compare it between setups of similar lumbar flexion, and read it as what disc, facets "
        "and ligaments together resist."),
    new_code_cell(
        "fig, ax = plt.subplots(figsize=(6, 4))\n"
        "for r, name, style in [(r0, 'neutral', '-'), (r30, '30 deg flexed', '--')]:\n"
        "    ax.plot(r.time, r.l4l5.shear, style, c='tab:blue', label='L4-L5, ' + name)\n"
        "    ax.plot(r.time, r.l5s1.shear, style, c='tab:orange', label='L5-S1, ' + name)\n"
        "ax.set(title='average_male, 100 kg, trunk 22 deg', xlabel='time (s)',\n"
        "       ylabel='shear, + anterior of the upper vertebra (N)'); ax.legend(fontsize=8)\n"
        "for r, name in [(r0, 'neutral'), (r30, 'flexed 30 deg')]:\n"
        "    s = r.summary\n"
        "    print(f\"{name:14s} moment L4-L5 {s['peak_moment']:4.0f}, L5-S1 {s['peak_l5s1_moment']:4.0f} N*m;\"\n"
        "          f\" shear L4-L5 {s['peak_anterior_shear']:4.0f}, L5-S1 {s['peak_l5s1_anterior_shear']:4.0f} N\")"),
]

HIPS = [
    new_markdown_cell(
        "# When the hips shoot up\n\n"
        "If the knees straighten before the back does, the hips rise while the bar hardly moves "
        "and the trunk stays low. In spineload this is the setup field `coordination`: 0 moves "
        "hips and knees together, > 0 extends the knees first (`hips_shoot_up` uses 0.6; at 1 "
        "the average male's knees nearly lock before the hips come through), < 0 the hips "
        "first. Path and timing: `docs/model.md` section 5.2.\n\n"
        "What the model shows: with the trunk low, more of the weight lies along the disc, so "
        "the **anterior shear** at L4-L5 rises, and the **moment stays higher later** in the "
        "pull, while the trunk is still low. What it does not show: a longer lever for the bar. "
        "The lifter must stay balanced over the feet, so the hips do not go back; the shoulders "
        "come forward of the bar instead, and the bar's distance from L4-L5 is no longer than "
        "in the pull where hips and knees move together (at 1, up to 1.5 cm shorter)."),
    new_code_cell(
        "import matplotlib.pyplot as plt\nimport numpy as np\nimport spineload as sl\n\n"
        "lifter = sl.Lifter.preset('average_male')\n"
        "styles = {'hips first (-0.3)': -0.3, 'together (0)': 0.0, 'hips shoot up (0.6)': 0.6,\n"
        "          'hips shoot up hard (1.0)': 1.0}\n"
        "results = {name: sl.simulate(lifter, sl.Setup(coordination=c))"
        " for name, c in styles.items()}\n\n"
        "def trunk_angle_deg(r):\n"
        "    # trunk line above horizontal from the joint angles (docs/model.md eq. 3.1)\n"
        "    q = np.degrees(r.q)\n"
        "    return 90 - q[:, 0] + q[:, 1] - q[:, 2] - q[:, 3]\n\n"
        "def lever(r):\n"
        "    # horizontal distance from L4-L5 to the bar: the broom handle of the kettlebell\n"
        "    return r.bar[:, 0] - r.l4l5.position[:, 0]"),
    new_code_cell(
        "fig, axes = plt.subplots(1, 4, figsize=(16, 4))\n"
        "for name, r in results.items():\n"
        "    rise_cm = 100 * (r.bar[:, 1] - r.bar[0, 1])\n"
        "    up = np.arange(len(rise_cm)) <= np.argmax(rise_cm)  # the pull, not the hold\n"
        "    axes[0].plot(rise_cm[up], trunk_angle_deg(r)[up], label=name)\n"
        "    axes[1].plot(rise_cm[up], 100 * lever(r)[up])\n"
        "    axes[2].plot(rise_cm[up], r.l4l5.moment[up])\n"
        "    axes[3].plot(rise_cm[up], r.l4l5.shear[up])\n"
        "axes[0].set(xlabel='bar rise (cm)', ylabel='trunk above horizontal (deg)')\n"
        "axes[1].set(xlabel='bar rise (cm)', ylabel='L4-L5 to bar, horizontal (cm)')\n"
        "axes[2].set(xlabel='bar rise (cm)', ylabel='L4-L5 moment (N*m)')\n"
        "axes[3].set(xlabel='bar rise (cm)', ylabel='L4-L5 anterior shear (N)')\n"
        "fig.suptitle('average_male, 100 kg, conventional setup: hips and knees in four orders')\n"
        "axes[0].legend(); fig.tight_layout()"),
    new_code_cell(
        "import pandas as pd\n"
        "table = pd.DataFrame({name: {k: r.summary[k] for k in ('peak_moment', 'peak_compression',"
        " 'peak_anterior_shear', 'peak_extensor_force')} for name, r in results.items()}).T.round(0)\n"
        "for column in ('peak_moment', 'peak_anterior_shear'):\n"
        "    table[column.replace('peak_', '') + ' vs together'] = ("
        "table[column] / table[column]['together (0)'] - 1).map('{:+.0%}'.format)\n"
        "table"),
    new_code_cell(
        "# the claims of this notebook, checked against the pull where hips and knees move\n"
        "# together (both start from the same posture): knees-first keeps the trunk lower, raises\n"
        "# the peak anterior shear and keeps the moment higher later in the pull, but does not\n"
        "# lengthen the bar's lever (never by more than 5 mm; at 1 up to 1.5 cm shorter) and\n"
        "# leaves the peak moment (at liftoff) within 3%\n"
        "together = results['together (0)']\n"
        "at = lambda r, cm: np.searchsorted(r.bar[:, 1] - r.bar[0, 1], cm / 100)\n"
        "for name, shear_gain, moment_gain in (('hips shoot up (0.6)', 1.05, 1.02),\n"
        "                                       ('hips shoot up hard (1.0)', 1.12, 1.08)):\n"
        "    r = results[name]\n"
        "    assert trunk_angle_deg(r)[at(r, 15)] < trunk_angle_deg(together)[at(together, 15)] - 2, name\n"
        "    assert r.summary['peak_anterior_shear'] > shear_gain * together.summary['peak_anterior_shear'], name\n"
        "    assert r.l4l5.moment[at(r, 40)] > moment_gain * together.l4l5.moment[at(together, 40)], name\n"
        "    for cm in (10, 20, 30, 40):\n"
        "        longer = lever(r)[at(r, cm)] - lever(together)[at(together, cm)]\n"
        "        assert -0.02 < longer < 0.005, (name, cm, longer)\n"
        "    assert abs(r.summary['peak_moment'] / together.summary['peak_moment'] - 1) < 0.03, name"),
]

MUSCLES = [
    new_markdown_cell(
        "# Who carries the moment, and what bracing costs\n\n"
        "With `spine_model = \"fascicles\"` six lumbar muscle groups share the L4-L5 moment "
        "(McGill, Patt & Norman 1988's cross-sections and moment arms, least sum of cubed "
        "activations). The moment splits into muscles, passive tissue (rounding) and abdominal "
        "pressure (McGill & Norman 1986's partition). `bracing` co-activates the abdominals as "
        "a maximal brace does (Maeo et al. 2013): the extensors must overcome them, so compression "
        "rises, and the co-contraction stiffens the joint. `docs/model.md` 6.5-6.8."),
    new_code_cell(
        "import matplotlib.pyplot as plt\nimport spineload as sl\n\n"
        "lifter = sl.Lifter.preset('average_male')\n"
        "setup = sl.Setup(spine_model='fascicles', bracing=0.5, lumbar_flexion_deg=40, iap_kpa=10)\n"
        "r = sl.simulate(lifter, setup)\n"
        "iap = r.l4l5.moment - r.l4l5.muscle_moment - r.l4l5.passive_moment\n"
        "fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))\n"
        "ax1.stackplot(r.time, r.l4l5.muscle_moment, r.l4l5.passive_moment, iap,\n"
        "              labels=['muscles', 'passive tissue', 'abdominal pressure'])\n"
        "ax1.plot(r.time, r.l4l5.moment, 'k--', lw=1, label='net')\n"
        "ax1.set(title='average male, 100 kg, 40 deg lumbar flexion, half brace',\n"
        "        xlabel='time (s)', ylabel='L4-L5 moment (N*m)'); ax1.legend()\n"
        "names = next(c['names'] for c in sl.CHANNELS if c['path'] == 'l4l5/muscles')\n"
        "for k, name in enumerate(names):\n"
        "    ax2.plot(r.time, r.l4l5.muscles[:, k], label=name.removeprefix('l4l5_muscles_'))\n"
        "ax2.set(title='muscle group forces', xlabel='time (s)', ylabel='force (N)'); ax2.legend()\n"
        "fig.tight_layout()\n"
        "s = r.summary\n"
        "print(f\"at the peak moment: muscles {s['muscle_share_at_peak']:.0%}, \"\n"
        "      f\"passive {s['passive_share_at_peak']:.0%}, pressure {s['iap_share_at_peak']:.0%}\")"),
    new_code_cell(
        "braced = sl.sweep(lifter, {'spine_model': ['fascicles'],\n"
        "                           'bracing': [0.0, 0.25, 0.5, 0.75, 1.0]}, progress=False)\n"
        "fig, ax = plt.subplots(figsize=(6, 4))\n"
        "ax.plot(braced.bracing, braced.peak_compression / braced.peak_compression[0], 'o-',\n"
        "        label='peak compression')\n"
        "ax.plot(braced.bracing, braced.min_stiffness / braced.min_stiffness[0], 's-',\n"
        "        label='least L4-L5 stiffness')\n"
        "ax.set(title='bracing: average male, 100 kg', xlabel='bracing (1 = maximal brace)',\n"
        "       ylabel='relative to relaxed'); ax.legend()\n"
        "assert braced.peak_compression.is_monotonic_increasing\n"
        "assert (braced.min_stiffness / braced.min_stiffness[0]).iloc[-1] > "
        "(braced.peak_compression / braced.peak_compression[0]).iloc[-1]\n"
        "braced[['bracing', 'peak_compression', 'peak_anterior_shear', 'min_stiffness', 'min_stability',\n"
        "        'peak_activation']]"),
    new_markdown_cell(
        "`min_stability` is the stiffness minus gravity's pull on the upper body (docs/model.md "
        "6.9). It is lowest at lockout, upright with the bar hanging from the shoulders and the "
        "extensors quiet: relaxed it is below 0 (the trunk needs active control there), braced "
        "above."),
    new_markdown_cell(
        "A brace costs compression and buys stiffness, most where the extensors are otherwise "
        "quiet; the pressure its hoop tension makes (about 20 kPa at a maximal brace for this "
        "lifter, docs/model.md 6.11) takes some of the cost back, unless `iap_kpa` sets the "
        "pressure by hand. What this model does not yet have (issue 11): fascicle-specific lines "
        "of action and a lordotic neutral disc, ligaments with their own lines, and the "
        "pressure's own stiffness."),
]


BANDS_BLOCKS = [
    new_markdown_cell(
        "# Blocks, racks and bands\n\n"
        "A block or rack pull starts with the bar higher and the trunk more upright: the lever "
        "on the lower back is shorter and the legs start less bent, so the lifter moves more "
        "weight than from the floor. A band anchored in front pulls the bar away from the legs: "
        "the lats must hold it in, and the lifter sits back against the pull. Bands: "
        "`docs/model.md` 5.6; strength and the one-rep max: 5.3 and 5.8."),
    new_code_cell(
        "import matplotlib.pyplot as plt\nimport numpy as np\nimport pandas as pd\n"
        "import spineload as sl\n\n"
        "lifter = sl.Lifter.preset('average_male')\n"
        "starts = [(0.225, 30, 'floor'), (0.35, 35, 'block, mid-shin'), (0.45, 40, 'block, below knee'),\n"
        "          (0.55, 45, 'rack, above knee')]\n"
        "rows = []\n"
        "for height, trunk, name in starts:\n"
        "    best = sl.one_rep_max(lifter, sl.Setup(bar_height=height, trunk_angle_deg=trunk))\n"
        "    s = best['result'].summary\n"
        "    rows.append({'start': name, 'bar height (m)': height, 'trunk (deg above horizontal)': trunk,\n"
        "                 'one-rep max (kg)': round(best['one_rep_max'], 1),\n"
        "                 'peak moment at the max (N*m)': round(s['peak_moment']),\n"
        "                 'limited by': s['limiting_joint']})\n"
        "maxima = pd.DataFrame(rows).set_index('start')\n"
        "# the coaching claim, checked: every higher start allows more load than the floor\n"
        "assert maxima['one-rep max (kg)'].is_monotonic_increasing\n"
        "maxima"),
    new_code_cell(
        "fig, ax = plt.subplots(figsize=(7, 3.5))\n"
        "ax.barh(maxima.index, maxima['one-rep max (kg)'], color='tab:blue')\n"
        "ax.set(title='average_male, conventional setup: the heaviest load from each start height',\n"
        "       xlabel='one-rep max (kg)', xlim=(100, None))\n"
        "fig.tight_layout()"),
    new_code_cell(
        "# a band anchored 1.5 m in front at the bar's height, 100 kg\n"
        "tensions = [0, 50, 100, 150, 200, 250, 300, 350]\n"
        "pulls = {t: sl.simulate(lifter, sl.Setup(band_forward=t)) for t in tensions}\n"
        "def start_lever(r):\n"
        "    marks = r.summary['start_landmarks']\n"
        "    return marks['bar'][0] - marks['l4l5'][0]\n"
        "band = pd.DataFrame({\n"
        "    'completed': [r.summary['completed'] for r in pulls.values()],\n"
        "    'lever at the start (cm)': [100 * start_lever(r) for r in pulls.values()],\n"
        "    'peak moment (N*m)': [r.summary['peak_moment'] for r in pulls.values()],\n"
        "    'peak anterior shear (N)': [r.summary['peak_anterior_shear'] for r in pulls.values()],\n"
        "    'shoulder extension, most (N*m)': [-r.tau[:, 4].min() for r in pulls.values()],\n"
        "}, index=pd.Index(tensions, name='band_forward (N)')).round(1)\n"
        "assert band.completed.all()\n"
        "assert band['lever at the start (cm)'].is_monotonic_increasing  # sitting back\n"
        "assert band['peak anterior shear (N)'].is_monotonic_increasing  # pulled forward\n"
        "band"),
    new_code_cell(
        "fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))\n"
        "for ax, column in zip(axes, ['lever at the start (cm)', 'peak moment (N*m)',\n"
        "                             'peak anterior shear (N)']):\n"
        "    ax.plot(band.index, band[column], 'o-')\n"
        "    ax.set(xlabel='band pulling forward (N)', title=column)\n"
        "fig.suptitle('average_male, 100 kg, conventional setup with a band anchored in front')\n"
        "fig.tight_layout()"),
    new_markdown_cell(
        "Sitting back against the band lengthens the lever, but the band's own pull, below "
        "L4-L5, takes extension moment off the back: the peak moment changes little while the "
        "forward pull on the upper body raises anterior shear. The shoulders hold the bar in "
        "with less than band x arm length, because sitting back puts them behind the bar, whose "
        "weight then helps. How strong a band the lats can hold depends on the shoulder "
        "strength, an assumption of the model (5.3)."),
    new_markdown_cell(
        "## An RDL from the hang\n\n"
        "The `rdl` preset starts standing, lowers the bar to mid-shin with soft knees and the "
        "hips going back (`posture = \"hinge\"`), and pulls it back up (`motion = "
        "\"from_hang\"`). The lower back works on the way down as well as on the way up."),
    new_code_cell(
        "rdl = sl.simulate(lifter, 'rdl')\n"
        "floor = sl.simulate(lifter, 'conventional')\n"
        "fig, ax = plt.subplots(figsize=(7, 3.8))\n"
        "ax.plot(rdl.time, rdl.l4l5.moment, label='RDL from the hang (down 2 s, up 2 s)')\n"
        "ax.plot(floor.time, floor.l4l5.moment, label='deadlift from the floor (up 2 s)')\n"
        "ax.set(title='average_male, 100 kg: L4-L5 moment', xlabel='time (s)',\n"
        "       ylabel='L4-L5 moment (N*m)'); ax.legend(); fig.tight_layout()\n"
        "down = rdl.time < 2.0\n"
        "# the descent loads the back as much as the way up does\n"
        "assert rdl.l4l5.moment[down].max() > 0.9 * rdl.l4l5.moment[~down].max()\n"
        "print(f\"RDL peak {rdl.summary['peak_moment']:.0f} N*m at {rdl.summary['peak_moment_time']:.2f} s; \"\n"
        "      f\"deadlift peak {floor.summary['peak_moment']:.0f} N*m\")"),
    new_markdown_cell(
        "The preset hangs the arms vertical at the bottom, the rule of a pull from the floor. "
        "Then the hips go far back and the shins slope back. RDLs are coached with the shins "
        "near vertical and the bar against the legs, which puts the shoulders ahead of the bar "
        "(`shoulder_offset`). Where the shoulders sit changes the numbers a lot:"),
    new_code_cell(
        "rows = {}\n"
        "for offset in (0.0, 0.1, 0.2, 0.25):\n"
        "    setup = sl.Setup.preset('rdl')\n"
        "    setup.shoulder_offset = offset\n"
        "    r = sl.simulate(lifter, setup)\n"
        "    bottom = int(np.argmin(r.bar[:, 1]))\n"
        "    rows[f'shoulders {100 * offset:.0f} cm ahead of the bar'] = {\n"
        "        'ankle at the bottom (deg, - plantarflexed)': np.degrees(r.q[bottom, 0]),\n"
        "        'L4-L5 moment (N*m)': r.summary['peak_moment'],\n"
        "        'compression (N)': r.summary['peak_compression'],\n"
        "        'anterior shear (N)': r.summary['peak_anterior_shear']}\n"
        "shoulders = pd.DataFrame(rows).T.round(1)\n"
        "# the hips come forward over the feet: the moment halves, the shear rises\n"
        "first, last = shoulders.iloc[0], shoulders.iloc[-1]\n"
        "assert last['L4-L5 moment (N*m)'] < 0.6 * first['L4-L5 moment (N*m)']\n"
        "assert last['anterior shear (N)'] > first['anterior shear (N)']\n"
        "shoulders"),
    new_markdown_cell(
        "With the shoulders 25 cm ahead the shins are within about 5 deg of vertical and the "
        "peak moment is about half the preset's; the trunk is lower, so the shear is higher. No "
        "measured RDL with the ankle or the arms' angle at the bottom was found to say which is "
        "typical (`docs/model.md` 4.2): read the preset's moment and compression as the top of "
        "this range and its shear as the bottom."),
    new_markdown_cell(
        "## Sumo against conventional\n\n"
        "The `sumo` preset stands wide (`stance_width` 0.70 m between the ankles) with the feet "
        "turned out 42 deg and the knees pushed out over them, the trunk 7.5 deg more upright "
        "(Escamilla et al. 2000). From the side the thighs then look shorter (they cross "
        "sideways to the hips, `docs/model.md` 2.4), so the hips sit nearer the bar and the "
        "lever on L4-L5 is shorter. Cholewicki et al. 1991 measured about 10% less L4-L5 "
        "moment in sumo lifters. The third row is sumo at the conventional trunk angle: what "
        "the legs do alone."),
    new_code_cell(
        "styles = {}\n"
        "sumo_at_30 = sl.Setup.preset('sumo'); sumo_at_30.trunk_angle_deg = 30.0\n"
        "for name, setup in [('conventional', 'conventional'), ('sumo', 'sumo'),\n"
        "                    ('sumo, trunk 30 deg', sumo_at_30)]:\n"
        "    r = sl.simulate(lifter, setup)\n"
        "    s = r.summary\n"
        "    styles[name] = {'lever at liftoff (cm)': 100 * s['liftoff_lever'],\n"
        "                    'L4-L5 moment (N*m)': s['peak_moment'],\n"
        "                    'L4-L5 shear (N)': s['peak_anterior_shear'],\n"
        "                    'bar travel (cm)': 100 * (r.bar[:, 1].max() - r.bar[0, 1])}\n"
        "styles = pd.DataFrame(styles).T\n"
        "styles['moment vs conventional (%)'] = 100 * (styles['L4-L5 moment (N*m)'] /\n"
        "                                             styles.loc['conventional', 'L4-L5 moment (N*m)'] - 1)\n"
        "# the legs alone already shorten the lever; the upright trunk adds to it\n"
        "assert styles.loc['sumo, trunk 30 deg', 'moment vs conventional (%)'] < -3\n"
        "assert styles.loc['sumo', 'L4-L5 moment (N*m)'] < styles.loc['sumo, trunk 30 deg', 'L4-L5 moment (N*m)']\n"
        "styles.round(1)"),
    new_markdown_cell(
        "Sumo takes about 9% off the peak moment here, near Cholewicki's 10%. Part of the "
        "shorter bar travel is real (a wide stance stands lower) and part is the model's: its "
        "knees stay out over the feet to the end, so its sumo lockout stands about 5 cm short "
        "of a straight-legged one (`docs/model.md` 2.4)."),
    new_markdown_cell(
        "## Carries: the load at the sides or at the chest\n\n"
        "A farmer carry holds the load in handles beside the body (`farmer_carry`), a front "
        "carry in front at the chest with the elbows bent (`front_carry`: upper arms along the "
        "trunk, forearms forward). Both are held standing (`motion = \"hold\"`, `docs/model.md` "
        "5.2): L4-L5 carries the weight above it and that weight's moment. At the sides the "
        "load hangs under the shoulders, over L4-L5; at the chest it is a forearm's length "
        "in front. The frontal plane (one-handed carries, swaying) is outside the model; "
        "walking is below."),
    new_code_cell(
        "rows = {}\n"
        "for name, setup in [('farmer carry, 40 kg', sl.Setup.preset('farmer_carry')),\n"
        "                    ('front carry, 40 kg', sl.Setup.preset('front_carry')),\n"
        "                    ('farmer carry, 100 kg', sl.Setup.preset('farmer_carry')),\n"
        "                    ('deadlift, 100 kg', sl.Setup.preset('conventional'))]:\n"
        "    setup.load = float(name.split(', ')[1].split()[0])\n"
        "    s = sl.simulate(lifter, setup).summary\n"
        "    rows[name] = {'L4-L5 moment (N*m)': s['peak_moment'],\n"
        "                  'L4-L5 compression (N)': s['peak_compression']}\n"
        "carries = pd.DataFrame(rows).T.round(0)\n"
        "# the same 40 kg: at the chest the back holds a moment, at the sides none\n"
        "assert carries.loc['front carry, 40 kg', 'L4-L5 moment (N*m)'] > 100\n"
        "assert abs(carries.loc['farmer carry, 40 kg', 'L4-L5 moment (N*m)']) < 1\n"
        "# and 40 kg at the chest loads the disc more than 100 kg at the sides\n"
        "assert (carries.loc['front carry, 40 kg', 'L4-L5 compression (N)'] >\n"
        "        carries.loc['farmer carry, 100 kg', 'L4-L5 compression (N)'])\n"
        "carries"),
    new_markdown_cell(
        "Where the load sits decides what the back does: 40 kg at the chest, 34 cm in front of "
        "L4-L5, needs about 138 N*m of extension and puts about 3 kN on the disc - more than "
        "100 kg at the sides. A load hugged closer to the chest (a sandbag against it) has a "
        "shorter lever and costs less."),
    new_markdown_cell(
        "### Walking with it\n\n"
        "A carry is walked. `walking = True` keeps the hold's posture and moves the body up and "
        "down as a measured gait does (the vertical ground force of OpenSim's example walking "
        "trial, `docs/model.md` 5.11): at each heel strike the ground pushes with about 1.29 "
        "body weights, in single-limb stance with 0.8. Nothing moves relative to the feet, so "
        "every load of the hold swings by the same factor about its standing value."),
    new_code_cell(
        "front = sl.Setup.preset('front_carry')\n"
        "front.duration = 3.0\n"
        "stood = sl.simulate(lifter, front)\n"
        "front.walking = True\n"
        "walked = sl.simulate(lifter, front)\n"
        "fig, ax = plt.subplots(figsize=(7, 3))\n"
        "ax.plot(stood.time, stood.l4l5.compression / 1000, label='standing')\n"
        "ax.plot(walked.time, walked.l4l5.compression / 1000, label='walking')\n"
        "ax.set_xlabel('time (s)'); ax.set_ylabel('L4-L5 compression (kN)')\n"
        "ax.set_title('front carry, 40 kg at the chest'); ax.legend()\n"
        "ratio = walked.summary['peak_compression'] / stood.summary['peak_compression']\n"
        "# each heel strike lifts the load by the gait's peak, and the steps average out\n"
        "assert abs(ratio - 1.29) < 0.01\n"
        "assert abs(walked.l4l5.compression.mean() / stood.l4l5.compression.mean() - 1) < 0.01\n"
        "print(f'peak {walked.summary[\"peak_compression\"]:.0f} N walking against '\n"
        "      f'{stood.summary[\"peak_compression\"]:.0f} N standing ({ratio:.2f} x)')"),
    new_markdown_cell(
        "Each step adds about 29% at the heel strike and takes some 20% off in single-limb "
        "stance; over a carry the compression averages the standing value. The gait is one "
        "unloaded subject's: a heavy carry shortens the step and changes the peaks, which the "
        "model does not know."),
    new_markdown_cell(
        "### Against measured disc pressure\n\n"
        "No published L4-L5 compression of a carry was found to compare with. Wilke et al. "
        "(1999) measured the pressure inside the L4-L5 disc of one volunteer: 0.5 MPa "
        "standing, 1.1 MPa holding 20 kg close to the body, 1.7 MPa lifting 20 kg with bent "
        "knees and 2.3 MPa with a round back. As a force, with an assumed 18 cm\u00b2 disc and "
        "Nachemson's factor of 1.5 (pressure = 1.5 x force / area; both assumptions), that is "
        "0.6, 1.3, 2.0 and 2.8 kN (`docs/model.md` 5.2). The same average male in the model "
        "(held out, nothing fitted):"),
    new_code_cell(
        "wilke_kn = {'standing': 0.6, '20 kg held close to the body': 1.3,\n"
        "            '20 kg lifted, knees bent': 2.0, '20 kg lifted, round back': 2.8}\n"
        "def peak_kn(preset, load):\n"
        "    setup = sl.Setup.preset(preset)\n"
        "    setup.load = load\n"
        "    return sl.simulate(lifter, setup).summary['peak_compression'] / 1000\n"
        "ours = {'standing': f\"{peak_kn('farmer_carry', 1):.2f} (1 kg at the sides)\",\n"
        "        '20 kg held close to the body': f\"between {peak_kn('farmer_carry', 20):.2f} (at the sides) \"\n"
        "                                        f\"and {peak_kn('front_carry', 20):.2f} (at the chest)\",\n"
        "        '20 kg lifted, knees bent': f\"{peak_kn('conventional', 20):.2f} (conventional pull)\",\n"
        "        '20 kg lifted, round back': f\"{peak_kn('rounded', 20):.2f} (rounded preset)\"}\n"
        "pd.DataFrame({'Wilke 1999, kN': wilke_kn, 'model, kN': ours})"),
    new_markdown_cell(
        "The order is the same, and the 20 kg held close to the body lies between the model's "
        "holds at the sides and at the chest: ordering and sanity checks, not a match, since "
        "the conversion's disc area and factor are assumed. Standing comes out 40% below the "
        "pressure's estimate (the model's trunk muscles have no tone while there is no moment to "
        "carry, or the assumed area and factor are off). The lifts come out 16-50% higher; most "
        "of it is already in the start posture's statics (2.6 kN for the conventional pull), "
        "the 2 s pull's accelerations add about 14%. A test pins the order "
        "(`test_published_record.py::test_holds_and_lifts_rank_like_wilkes_disc_pressures`)."),
]

GLUTES = [
    new_markdown_cell(
        "# \"Drive with the glutes\": hip against lower back\n\n"
        "The deadlift is hip-dominant: the hip extensors produce more torque than the lower "
        "back in every pull. But the hips cannot take load off L4-L5. The L4-L5 moment is set "
        "by what sits above L4-L5 - trunk, head, arms and bar - and where it sits: Newton's "
        "laws for that part of the body alone, whatever the muscles below do "
        "(`docs/model.md` 3.6, 6.1). So the postures that move it are the ones that move "
        "that mass: the trunk angle, the bar's distance, the hips through at lockout."),
    new_code_cell(
        "import matplotlib.pyplot as plt\nimport numpy as np\nimport pandas as pd\n"
        "import spineload as sl\n\n"
        "lifter = sl.Lifter.preset('average_male')\n"
        "rows = {}\n"
        "for name in ['conventional', 'rounded', 'hips_shoot_up', 'rdl', 'band_forward']:\n"
        "    r = sl.simulate(lifter, name)\n"
        "    rows[name] = {'peak hip extension (N*m)': -r.tau[:, 2].min(),\n"
        "                  'peak L4-L5 moment (N*m)': r.l4l5.moment.max()}\n"
        "demand = pd.DataFrame(rows).T.round(0)\n"
        "demand['L4-L5 / hip'] = (demand['peak L4-L5 moment (N*m)'] /\n"
        "                         demand['peak hip extension (N*m)']).round(2)\n"
        "assert (demand['L4-L5 / hip'] < 1).all()  # hip-dominant in every pull\n"
        "demand"),
    new_code_cell(
        "# the L4-L5 moment of each posture at rest (no velocity, no acceleration) against the\n"
        "# moment the pull recorded: in a 2 s pull the weight above L4-L5 makes all but about a\n"
        "# tenth of it; the rest is the upper body and bar being accelerated\n"
        "pull = sl.simulate(lifter, 'conventional')\n"
        "at_rest = np.array([sl._core.inverse_dynamics(lifter, 100, q, np.zeros(5), np.zeros(5))[2]\n"
        "                    for q in pull.q])\n"
        "fig, ax = plt.subplots(figsize=(7, 3.8))\n"
        "ax.plot(pull.time, pull.l4l5.moment, label='recorded')\n"
        "ax.plot(pull.time, at_rest, '--', label='the same postures at rest')\n"
        "ax.set(title='average_male, 100 kg, conventional: the L4-L5 moment is the weight above it',\n"
        "       xlabel='time (s)', ylabel='L4-L5 moment (N*m)'); ax.legend(); fig.tight_layout()\n"
        "assert np.abs(pull.l4l5.moment - at_rest).max() < 0.15 * pull.l4l5.moment.max()"),
    new_code_cell(
        "# what moves it: the trunk angle and the bar's distance (the hips follow both)\n"
        "grid = sl.sweep(lifter, {'trunk_angle_deg': [22, 26, 30, 34, 38],\n"
        "                         'bar_offset': [0.0, 0.02, 0.04]}, progress=False)\n"
        "fig, ax = plt.subplots(figsize=(7, 3.8))\n"
        "for offset, rows in grid.groupby('bar_offset'):\n"
        "    ax.plot(rows.trunk_angle_deg, rows.peak_moment, 'o-', label=f'bar {100 * offset:.0f} cm ahead')\n"
        "ax.set(title='average_male, 100 kg, conventional setup', xlabel='trunk above horizontal (deg)',\n"
        "       ylabel='peak L4-L5 moment (N*m)'); ax.legend(); fig.tight_layout()\n"
        "for offset, rows in grid.groupby('bar_offset'):\n"
        "    assert rows.peak_moment.is_monotonic_decreasing  # a more upright trunk: less moment\n"
        "grid.pivot(index='trunk_angle_deg', columns='bar_offset', values='peak_moment').round(0)"),
    new_markdown_cell(
        "A stronger hip lets a lifter keep the trunk where it should be (hips that do not shoot "
        "up, notebook 03) and finish with the hips through, and so it matters. But at any "
        "instant the lower back's moment is the moment of what is above it; the glutes change "
        "it only by changing the posture."),
]

EXPLORER = [
    new_markdown_cell(
        "# Explore a setup\n\n"
        "Move a slider and the pull is simulated again and redrawn: one pull takes a fraction "
        "of a millisecond, drawing it most of the rest. The figure is `Result.plot()`: the "
        "lifter at the start, liftoff, knee passage and lockout (or where the pull failed) with "
        "the lever from L4-L5 to the bar, and the L4-L5 moment, compression and shear. Every "
        "field, its unit and range: `spineload simulate --help`, `docs/model.md`. (Sliders need "
        "a live kernel; a saved copy of this notebook shows the figure of the defaults.)"),
    new_code_cell(
        "import ipywidgets as widgets\nimport matplotlib.pyplot as plt\nimport spineload as sl\n\n"
        "def show(lifter, load, bar_offset, trunk_angle_deg, lumbar_flexion_deg, coordination,\n"
        "         bracing):\n"
        "    setup = sl.Setup(name='explorer', load=load, bar_offset=bar_offset,\n"
        "                     trunk_angle_deg=trunk_angle_deg,\n"
        "                     lumbar_flexion_deg=lumbar_flexion_deg, coordination=coordination,\n"
        "                     spine_model='fascicles', bracing=bracing)\n"
        "    try:\n"
        "        result = sl.simulate(lifter, setup)\n"
        "    except sl.InputError as e:  # e.g. a bar so far back the shins would pass through it\n"
        "        print('not a possible setup:', e)\n"
        "        return\n"
        "    s = result.summary\n"
        "    print(f\"peak moment {s['peak_moment']:.0f} N*m, compression {s['peak_compression']:.0f} N, \"\n"
        "          f\"anterior shear {s['peak_anterior_shear']:.0f} N, least stability \"\n"
        "          f\"{s['min_stability']:.0f} N*m/rad\" if s['completed'] else s['status'])\n"
        "    if result.samples:\n"
        "        result.plot()\n"
        "        plt.show()\n\n"
        "slider = dict(continuous_update=False, style={'description_width': '150px'},\n"
        "              layout=widgets.Layout(width='480px'))\n"
        "widgets.interact(\n"
        "    show,\n"
        "    lifter=widgets.Dropdown(options=sl.Lifter.preset_names(), value='average_male',\n"
        "                            description='lifter', style=slider['style']),\n"
        "    load=widgets.FloatSlider(100, min=20, max=250, step=5, description='load (kg)', **slider),\n"
        "    bar_offset=widgets.FloatSlider(0.0, min=-0.05, max=0.12, step=0.01,\n"
        "                                   description='bar ahead of mid-foot (m)', **slider),\n"
        "    trunk_angle_deg=widgets.FloatSlider(30, min=10, max=60, step=1,\n"
        "                                        description='trunk above horizontal (deg)', **slider),\n"
        "    lumbar_flexion_deg=widgets.FloatSlider(0, min=-10, max=60, step=5,\n"
        "                                           description='lumbar flexion (deg)', **slider),\n"
        "    coordination=widgets.FloatSlider(0, min=-0.5, max=1.0, step=0.1,\n"
        "                                     description='coordination (+ hips up)', **slider),\n"
        "    bracing=widgets.FloatSlider(0, min=0, max=1, step=0.25, description='bracing', **slider),\n"
        ");"),
]

FILMED = [
    new_markdown_cell(
        "# Film your lift\n\n"
        "\"Film your lifts\" is the standard advice for spotting a breakdown. A pose estimator "
        "(Sports2D, Pose2Sim, OpenPose, MediaPipe, RTMPose) turns a side-on phone video into "
        "keypoints per frame; `sl.analyze` (or `spineload analyze`) reads them, fits the "
        "lifter's chain to them and runs the same dynamics and spine model as a simulated pull "
        "(`docs/model.md` section 8). The planned and the filmed pull become directly "
        "comparable.\n\n"
        "The clip here is **synthetic**: no real video ships with spineload, so "
        "`sl.EXAMPLE_FILMED_LIFT` is a simulated pull (hips rising early, the bar drifting 5 cm "
        "forward) filmed as a phone would see it from the lifter's left: 60 frames/s, 2 px of "
        "keypoint noise, a wrist now and then not found. Its truth is known, so this notebook "
        "also shows how close the analysis comes."),
    new_code_cell(
        "import matplotlib.pyplot as plt\nimport numpy as np\nimport spineload as sl\n\n"
        "print(open(sl.EXAMPLE_FILMED_LIFT).read()[:400])"),
    new_markdown_cell(
        "Analyse it for the lifter who was filmed, with the load on the bar. The report says "
        "what was read, how pixels became metres, the filter's cut-off, how the lumbar angle was "
        "found, and how far each keypoint is from the fitted chain."),
    new_code_cell(
        "lift = sl.analyze(sl.EXAMPLE_FILMED_LIFT, 'average_male', load=100)\n"
        "print(lift.analysis['text'])\n"
        "print(lift)"),
    new_code_cell("lift.plot();"),
    new_markdown_cell(
        "**My lift against the plan.** The same lifter and load with the bar over mid-foot and "
        "the hips and shoulders rising together (the `conventional` setup): the peaks, the "
        "lever from L4-L5 to the bar at liftoff and at the knee, and the curves."),
    new_code_cell(
        "plan = sl.simulate('average_male', sl.Setup.preset('conventional'))\n"
        "rows = []\n"
        "for name, r in (('filmed', lift), ('planned: bar over mid-foot', plan)):\n"
        "    s = r.summary\n"
        "    rows.append(f\"{name:28} moment {s['peak_moment']:4.0f} N*m  compression "
        "{s['peak_compression']:5.0f} N  lever at liftoff {100 * s['liftoff_lever']:4.1f} cm, "
        "at the knee {100 * s['knee_lever']:4.1f} cm\")\n"
        "print('\\n'.join(rows))\n"
        "fig, axes = plt.subplots(1, 3, figsize=(12, 3.5))\n"
        "for r, label in ((lift, 'filmed'), (plan, 'planned')):\n"
        "    for ax, key in zip(axes, ('moment', 'compression', 'shear')):\n"
        "        ax.plot(r.time, getattr(r.l4l5, key), label=label)\n"
        "        ax.set(title=f'L4-L5 {key}', xlabel='time from the bar leaving the floor (s)')\n"
        "axes[0].legend(); fig.tight_layout()"),
    new_code_cell(
        "# the same comparison as a coach's page (one HTML file, no network)\n"
        "sl.report([plan, lift], path='my_lift_report.html', overwrite=True)\n"
        "print('written my_lift_report.html')"),
    new_markdown_cell(
        "**How close is it?** The clip's truth is the simulation it was filmed from. Below, the "
        "analysed moment against the true one, aligned where the bar leaves the floor, and the "
        "peaks' errors. `docs/validation.md` section 6 gives the spread over many noisy clips "
        "(most within 5%, and why a few at 60 frames/s are not)."),
    new_code_cell(
        "truth = sl.simulate('average_male', sl.Setup(load=100, coordination=0.6, bar_drift=0.05), "
        "rate=60)\n"
        "lead = 0.5  # s of still frames before the filmed pull\n"
        "offset = lift.analysis['start_time'] - lead\n"
        "plt.figure(figsize=(6, 3.5))\n"
        "plt.plot(truth.time, truth.l4l5.moment, label='truth (the simulation)')\n"
        "plt.plot(np.asarray(lift.time) + offset, lift.l4l5.moment, '--', label='analysed from keypoints')\n"
        "plt.xlabel('time (s)'); plt.ylabel('L4-L5 moment (N*m)'); plt.legend()\n"
        "for key in ('peak_moment', 'peak_compression', 'peak_anterior_shear'):\n"
        "    t, m = truth.summary[key], lift.summary[key]\n"
        "    print(f'{key:22} truth {t:6.0f}  analysed {m:6.0f}  ({100 * (m / t - 1):+.1f}%)')\n"
        "    assert abs(m / t - 1) < 0.05"),
    new_markdown_cell(
        "**What a video cannot tell.** From hip and shoulder keypoints alone the lumbar spine's "
        "rounding is not observable, so it is held at `lumbar_flexion_deg` (neutral by default) "
        "and the report says so; a marker over L4-L5 (`l4l5` in the file) makes it measurable. "
        "The camera must look square at the lifter's side: the model is sagittal, and anything "
        "the lifter does out of that plane is not seen. Keypoints of loose clothing and occluded "
        "joints are noisier than the 2 px here; the fit residuals in the report show it."),
]


SURE = [
    new_markdown_cell(
        "# How sure is a number? Bands over the uncertain inputs\n\n"
        "Every load this program prints comes from inputs nobody knows exactly: where over the "
        "foot the lifter balances, how long their thighs and shanks are against the table, how "
        "far the erectors sit behind the disc, how strong the lifter is. `sl.compare` draws "
        "samples of those inputs from documented spreads (`docs/model.md` 9.1) and gives each "
        "peak a 5-95% band; two setups are compared sample by sample (the same draws for both), "
        "so a difference is real when its own band leaves out zero, even where the setups' bands "
        "overlap."),
    new_code_cell(
        "import matplotlib.pyplot as plt\nimport spineload as sl\n\n"
        "# 80 kg: at 100 kg the weakest samples (strength is drawn too) fail, and a verdict\n"
        "# needs 90% of the samples lifting in both setups\n"
        "setups = [dict(name='conventional', load=80),\n"
        "          dict(name='bar 2 cm forward', load=80, bar_offset=0.02),\n"
        "          dict(name='rounded', load=80, trunk_angle_deg=22, lumbar_flexion_deg=30)]\n"
        "frame = sl.compare(setups, 'average_male', samples=100, seed=1)\n"
        "frame.attrs['outcomes']"),
    new_code_cell(
        "peaks = frame.xs('peak_moment', level='quantity')[['nominal', 'p05', 'p95', "
        "'diff_nominal', 'diff_p05', 'diff_p95', 'differs']]\n"
        "peaks.round(1)"),
    new_markdown_cell(
        "The bar 2 cm forward: its peak moment band overlaps the conventional one for most of "
        "its width, yet its difference's band lies wholly above zero, so `differs` is True. The "
        "spread of the inputs moves both setups together; the difference between them is much "
        "surer than either number. The picture: dots are the nominal pulls, bars the 5-95% "
        "bands; a setup that differs from the reference is drawn solid."),
    new_code_cell("sl.plot_bands(frame);"),
    new_code_cell(
        "# the same in a sweep: every row gets <field>_p05, _median and _p95 (a sweep spec's "
        "[uncertainty]\n# table does this for `spineload sweep`, also on a Dask cluster)\n"
        "grid = {'bar_offset': [0.0, 0.02, 0.04, 0.06], 'load': [80, 100]}\n"
        "banded = sl.sweep('average_male', grid, samples=40, seed=2, progress=False)\n"
        "columns = ['peak_compression', 'peak_compression_p05', 'peak_compression_p95']\n"
        "banded[['bar_offset', 'load', *columns]].round({c: 0 for c in columns})"),
    new_code_cell(
        "sl.plot_sweep(banded, x='bar_offset', y='peak_compression', lines='load');"),
    new_markdown_cell(
        "**What the bands are not.** They are the spread of the *inputs named in the spreads*, "
        "through this model: the model's own structure (an equivalent extensor or muscle groups, "
        "the controller) is not varied, and the spreads are documented choices, most from "
        "abstracts or secondary tables. A narrower spread of an input narrows its band "
        "(`docs/validation.md` section 7); `uncertainty=` takes a TOML file with your own."),
]


def main() -> None:
    HERE.mkdir(exist_ok=True)
    notebooks = (("01_lever_arm.ipynb", LEVER), ("02_rounding_and_bracing.ipynb", ROUNDING),
                 ("03_hips_shoot_up.ipynb", HIPS), ("04_muscles_and_bracing.ipynb", MUSCLES),
                 ("05_explore_a_setup.ipynb", EXPLORER),
                 ("06_blocks_racks_and_bands.ipynb", BANDS_BLOCKS),
                 ("07_drive_with_the_glutes.ipynb", GLUTES),
                 ("08_film_your_lift.ipynb", FILMED), ("09_how_sure.ipynb", SURE))
    for name, cells in notebooks:
        nb = new_notebook(cells=cells)
        for i, cell in enumerate(nb.cells):
            cell["id"] = f"cell-{i}"  # stable ids: regenerating changes nothing that did not
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        nbformat.write(nb, HERE / name)


if __name__ == "__main__":
    main()
