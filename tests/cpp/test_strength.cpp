// Joint strength against speed: strength.hpp (docs/model.md 5.3).
#include <gtest/gtest.h>

#include <numbers>

#include "detail/angles.hpp"
#include "spineload/one_rep_max.hpp"
#include "spineload/strength.hpp"
#include "test_helpers.hpp"

namespace spineload {
namespace {

using detail::kDegToRad;
constexpr double kDegPerSecond = kDegToRad;  // rad/s

// The hyperbola through Anderson et al. (2007)'s two velocity parameters: 1 at rest, 3/4 at
// c4, 1/2 at c5; no gain when the joint yields (eccentric). Their young men's hip extension at
// 90 deg/s gives 0.751 (worked from the published c4 = 1.578, c5 = 3.190 rad/s by hand).
TEST(Strength, VelocityFactorFollowsAnderson2007) {
  EXPECT_DOUBLE_EQ(velocity_factor(1.578, 3.190, 0.0), 1.0);
  EXPECT_NEAR(velocity_factor(1.578, 3.190, 1.578), 0.75, 1e-12);
  EXPECT_NEAR(velocity_factor(1.578, 3.190, 3.190), 0.50, 1e-12);
  EXPECT_NEAR(velocity_factor(1.578, 3.190, 90 * kDegPerSecond), 0.751, 1e-3);
  EXPECT_DOUBLE_EQ(velocity_factor(1.578, 3.190, -2.0), 1.0);             // no eccentric shape
  const EccentricShape yielding{.gain = 0.3, .half_speed = 0.3};          // strength.toml
  EXPECT_DOUBLE_EQ(velocity_factor(1.578, 3.190, -0.3, yielding), 1.15);  // half the gain
  EXPECT_NEAR(velocity_factor(1.578, 3.190, -1e9, yielding), 1.3, 1e-9);  // the plateau
  EXPECT_DOUBLE_EQ(velocity_factor(1.578, 3.190, 0.0, yielding), 1.0);
  EXPECT_DOUBLE_EQ(velocity_factor(0.0, 0.0, -2.0, yielding), 1.0);  // no shape: none
  EXPECT_DOUBLE_EQ(velocity_factor(0.0, 0.0, 2.0), 1.0);           // no shape (shoulder)
  EXPECT_DOUBLE_EQ(velocity_factor(1.578, 3.190, 50.0), kMinVelocityFactor);
}

// The limits: isometric at rest on both sides; an extending hip loses extension strength and
// keeps its flexion strength (that side yields).
TEST(Strength, LimitsDependOnTheSideAndTheSpeed) {
  const Model model = make_model(test::average_male(), 100.0);
  Vec5 strongest = Vec5::Zero();  // each joint at its peak angle (the lumbar: neutral)
  for (int j = 0; j < kNumJoints; ++j) strongest[j] = model.extension_angle_shape[j].peak;
  const TorqueLimits rest = torque_limits(model, strongest, Vec5::Zero());
  EXPECT_TRUE(rest.lower.isApprox(-model.torque_max, 1e-12));
  EXPECT_EQ(rest.upper, model.torque_max);
  Vec5 extending = Vec5::Zero();
  extending[kPelvis] = -1.578;  // the hip extends at its c4
  const TorqueLimits moving = torque_limits(model, strongest, extending);
  EXPECT_NEAR(moving.lower[kPelvis], -0.75 * model.torque_max[kPelvis], 1e-9);
  // its flexion side yields: 1 + 0.3 x 1.578 / (1.578 + 0.3) of its ceiling
  EXPECT_NEAR(moving.upper[kPelvis], (1 + 0.3 * 1.578 / 1.878) * model.torque_max[kPelvis], 1e-9);
  // flexing at 0.3 rad/s (lowering a bar), the extension side holds 1.15 x its isometric torque
  Vec5 flexing = Vec5::Zero();
  flexing[kPelvis] = 0.3;
  const TorqueLimits yielding = torque_limits(model, strongest, flexing);
  EXPECT_NEAR(yielding.lower[kPelvis], -1.15 * model.torque_max[kPelvis], 1e-9);
  EXPECT_EQ(yielding.lower[kTrunk], rest.lower[kTrunk]);  // the lumbar joint at rest
}

// The torque-angle curves, worked by hand from the published coefficients: young men's knee
// extension, cos(1.258 (theta - 1.133)), is 0.92 at the 83 deg of a deadlift start and 0.57
// at 21 deg; their hip extension, cos(0.958 (theta - 0.932)), is 0.63 standing and is held at
// its 74 deg value (0.94) beyond the measured range rather than extrapolated to the 17% its
// cosine would give at 137 deg; the lumbar extensors gain 2.10x from neutral to 72 deg of
// flexion, linearly. Only the extension side depends on angle.
TEST(Strength, ExtensionStrengthFollowsPublishedTorqueAngleCurves) {
  const Model model = make_model(test::average_male(), 100.0);
  const auto share = [&](int joint, double deg) {
    Vec5 q = Vec5::Zero();
    q[joint] = deg * kDegToRad;
    return -torque_limits(model, q, Vec5::Zero()).lower[joint] / model.torque_max[joint];
  };
  EXPECT_NEAR(share(kThigh, 83), std::cos(1.258 * (83 * kDegToRad - 1.133)), 1e-12);
  EXPECT_NEAR(share(kThigh, 83), 0.92, 0.005);
  EXPECT_NEAR(share(kThigh, 21), 0.57, 0.005);
  EXPECT_NEAR(share(kPelvis, 0), 0.63, 0.005);
  EXPECT_NEAR(share(kPelvis, 74), 0.94, 0.005);
  EXPECT_EQ(share(kPelvis, 137), share(kPelvis, 74));
  EXPECT_NEAR(share(kTrunk, 0), 1.0, 1e-12);
  EXPECT_NEAR(share(kTrunk, 72), 2.10, 0.001);
  EXPECT_NEAR(share(kTrunk, 36), 1.55, 0.001);
  EXPECT_EQ(share(kArm, 60), 1.0);  // the shoulder: no source, no shape
  Vec5 flexed = Vec5::Zero();
  flexed[kPelvis] = 137 * kDegToRad;
  EXPECT_EQ(torque_limits(model, flexed, Vec5::Zero()).upper[kPelvis], model.torque_max[kPelvis]);
}

// Strength scales with fat-free mass: at the default body fat by sex (men 28.1%, women 40.0%)
// a woman of the same size has 0.600 / 0.719 of a man's ceilings; a lean man (12%) has
// 0.88 / 0.719 of them.
TEST(Strength, CeilingsScaleWithFatFreeMass) {
  Lifter man = test::average_male(), woman = man, lean = man;
  woman.sex = "female";
  lean.body_fat = 0.12;
  const Model m = make_model(man), w = make_model(woman), l = make_model(lean);
  for (int j = 0; j < kNumJoints; ++j) {
    EXPECT_NEAR(w.torque_max[j] / m.torque_max[j], 0.600 / 0.719, 1e-12);
    EXPECT_NEAR(l.torque_max[j] / m.torque_max[j], 0.880 / 0.719, 1e-12);
  }
}

// Maximal pulls are slow: a lifter's max barely depends on the tempo planned, because at the
// max strength, not the plan, sets the pace.
TEST(Strength, TheMaxDoesNotDependOnThePlannedTempo) {
  spineload::Setup fast, slow;
  fast.duration = 1.0;
  slow.duration = 3.0;
  const OneRepMax at_fast = one_rep_max(test::average_male(), fast);
  const OneRepMax at_slow = one_rep_max(test::average_male(), slow);
  EXPECT_NEAR(at_fast.load, at_slow.load, 0.02 * at_slow.load);
  EXPECT_GT(at_fast.at_max.summary.lockout_time, 2 * fast.duration);  // it grinds
}

}  // namespace
}  // namespace spineload
