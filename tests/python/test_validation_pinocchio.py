"""Independent rigid-body cross-check (issue 4): the same planar chain built in Pinocchio
straight from `sl.model()`, fed our q, qdot, qddot.

Mapping. Pinocchio: five revolute-Z joints in series, joint i's angle is the angle of body i
relative to body i-1 (counter-clockwise), body frames with x along the segment. Ours
(docs/model.md 3.1): absolute angles phi = pi/2 + cumsum(s * q), arm additionally - pi, with
s = (-1, +1, -1, -1, +1); so pin_q0 = phi0 and pin_qi = phi_i - phi_(i-1), and our torque is
s_i times Pinocchio's joint moment.
"""

import numpy as np
import pytest
import spineload as sl

pin = pytest.importorskip("pinocchio")

SIGN = np.array([-1.0, 1.0, -1.0, -1.0, 1.0])
TOLERANCE = 1e-6  # relative, the bound


def build(lifter, load, setup=None):
    # with a setup, the model its pull runs on (a wide stance's side-view thighs and feet),
    # holding `load` (sl.model takes the setup's load)
    if setup is not None:
        setup = sl.Setup.preset(setup) if isinstance(setup, str) else setup
        setup.load = load
    frame = sl.model(lifter, load=load, setup=setup)
    ankle = frame.attrs["ankle"]
    model = pin.Model()
    model.gravity.linear = np.array([0.0, -9.81, 0.0])
    parent, placement = 0, pin.SE3(np.eye(3), np.array([ankle[0], ankle[1], 0.0]))
    for name in ("shank", "thigh", "pelvis", "trunk", "arm"):
        seg = frame.loc[name]
        joint = model.addJoint(parent, pin.JointModelRZ(), placement, f"{name}_joint")
        com = np.array([seg.com_x, -seg.com_y, 0.0])  # com_y is + clockwise-perpendicular
        inertia = np.diag([seg.inertia] * 3)
        model.appendBodyToJoint(joint, pin.Inertia(seg.mass, com, inertia), pin.SE3.Identity())
        parent, placement = joint, pin.SE3(np.eye(3), np.array([seg.length, 0.0, 0.0]))
    bar = frame.loc["bar"]
    model.appendBodyToJoint(parent, pin.Inertia(bar.mass, np.array([frame.loc["arm"].length, 0, 0]),
                                                np.zeros((3, 3))), pin.SE3.Identity())
    return model


def to_pin(q, qdot, qddot):
    phi = np.pi / 2 + np.cumsum(SIGN * q, axis=-1)
    phi[..., 4] -= np.pi
    pin_q = np.concatenate([phi[..., :1], np.diff(phi, axis=-1)], axis=-1)
    pin_v = np.concatenate([np.cumsum(SIGN * qdot, axis=-1)[..., :1], (SIGN * qdot)[..., 1:]], -1)
    pin_a = np.concatenate([np.cumsum(SIGN * qddot, axis=-1)[..., :1], (SIGN * qddot)[..., 1:]], -1)
    return pin_q, pin_v, pin_a


def relative(a, b):
    return np.max(np.abs(a - b)) / max(1.0, np.max(np.abs(b)))


@pytest.mark.parametrize("setup", [
    sl.Setup(),
    sl.Setup(bar_offset=0.05, lumbar_flexion_deg=15, trunk_angle_deg=24, load=140),
    sl.Setup(duration=0.7, load=80),  # fast: inertia matters
    sl.Setup(coordination=0.5, lowering=True, duration=1.0),
    sl.Setup.preset("sumo"),  # the side-view thighs: L cos(tilt), tilted inertia
])
def test_pull_torques_and_l4l5_load_match_pinocchio(setup):
    lifter = sl.Lifter.preset("heavy_male_lifter")
    result = sl.simulate(lifter, setup, rate=50)
    model = build(lifter, setup.load, setup)
    data = model.createData()
    pin_q, pin_v, pin_a = to_pin(result.q, result.qdot, result.qddot)
    assert np.max(np.abs(result.qddot)) > 0.5  # the pulls really accelerate
    for k in range(result.samples):
        tau_pin = pin.rnea(model, data, pin_q[k], pin_v[k], pin_a[k])
        pin.forwardKinematics(model, data, pin_q[k])  # rnea leaves oMi stale
        assert relative(SIGN * tau_pin, result.tau[k]) < TOLERANCE, k
        # lumbar joint (index 4 in Pinocchio, 1-based): force of pelvis on trunk, local axes
        f = data.f[4]
        rotation = data.oMi[4].rotation
        force_world = (rotation @ f.linear)[:2]
        assert relative(force_world, result.l4l5.force[k]) < TOLERANCE, k
        assert abs(f.angular[2] - result.l4l5.moment[k]) < TOLERANCE * max(
            1.0, abs(result.l4l5.moment[k])), k


@pytest.mark.parametrize("setup", [None, "sumo"])
def test_forward_dynamics_matches_aba_at_random_states(setup):
    rng = np.random.default_rng(7)
    lifter = sl.Lifter.preset("average_female")
    load = 70.0
    model = build(lifter, load, setup)
    data = model.createData()
    base = np.radians([10, 80, 130, 10, 50])
    for _ in range(50):
        q = base + rng.uniform(-0.4, 0.4, 5)
        qdot = rng.uniform(-3, 3, 5)
        tau = rng.uniform(-300, 300, 5)
        ours = np.asarray(sl._core.forward_dynamics(lifter, load, q, qdot, tau, setup=setup))
        pin_q, pin_v, _ = to_pin(q, qdot, np.zeros(5))
        pin_a = pin.aba(model, data, pin_q, pin_v, SIGN * tau)
        # back to our joint accelerations: qddot_i = s_i * (relative angular acceleration)
        expected = SIGN * np.concatenate([[pin_a[0]], pin_a[1:]])
        assert relative(ours, expected) < TOLERANCE
