"""The lumbar muscle groups from Python: Result.muscles is the l4l5/muscles channel as a table,
and bracing shows up where it should (the abdominals pull only when braced)."""

import numpy as np
import spineload as sl

GROUPS = ["erector_lumborum", "erector_thoracis", "multifidus", "rectus_abdominis",
          "external_oblique", "internal_oblique"]


def test_muscles_table_is_the_channel_with_group_columns():
    r = sl.simulate("average_male", sl.Setup(spine_model="fascicles", bracing=0.5), rate=20)
    table = r.muscles
    assert list(table.columns) == GROUPS
    assert np.array_equal(table.index.to_numpy(), r.time)
    assert np.array_equal(table.to_numpy(), r.l4l5.muscles)


def test_abdominals_pull_only_when_braced_and_extensors_carry_the_rest():
    relaxed = sl.simulate("average_male", sl.Setup(spine_model="fascicles"), rate=20).muscles
    braced = sl.simulate("average_male", sl.Setup(spine_model="fascicles", bracing=1.0),
                         rate=20).muscles
    abdominals = ["rectus_abdominis", "external_oblique", "internal_oblique"]
    assert (relaxed[abdominals] == 0).all().all()
    assert (braced[abdominals] > 0).all().all()
    # the extensors must overcome the braced abdominals at every sample
    assert (braced["erector_thoracis"] > relaxed["erector_thoracis"]).all()
    # with the equivalent extensor there are no groups
    assert (sl.simulate("average_male", sl.Setup(), rate=20).muscles == 0).all().all()
