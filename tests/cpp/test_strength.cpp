// Joint strength against speed: strength.hpp (docs/model.md 5.3).
#include <gtest/gtest.h>

#include <numbers>

#include "spineload/one_rep_max.hpp"
#include "spineload/strength.hpp"
#include "test_helpers.hpp"

namespace spineload {
namespace {

constexpr double kDegPerSecond = std::numbers::pi / 180.0;  // rad/s

// The hyperbola through Anderson et al. (2007)'s two velocity parameters: 1 at rest, 3/4 at
// c4, 1/2 at c5; no gain when the joint yields (eccentric). Their young men's hip extension at
// 90 deg/s gives 0.751 (worked from the published c4 = 1.578, c5 = 3.190 rad/s by hand).
TEST(Strength, VelocityFactorFollowsAnderson2007) {
  EXPECT_DOUBLE_EQ(velocity_factor(1.578, 3.190, 0.0), 1.0);
  EXPECT_NEAR(velocity_factor(1.578, 3.190, 1.578), 0.75, 1e-12);
  EXPECT_NEAR(velocity_factor(1.578, 3.190, 3.190), 0.50, 1e-12);
  EXPECT_NEAR(velocity_factor(1.578, 3.190, 90 * kDegPerSecond), 0.751, 1e-3);
  EXPECT_DOUBLE_EQ(velocity_factor(1.578, 3.190, -2.0), 1.0);      // eccentric
  EXPECT_DOUBLE_EQ(velocity_factor(0.0, 0.0, 2.0), 1.0);           // no shape (shoulder)
  EXPECT_DOUBLE_EQ(velocity_factor(1.578, 3.190, 50.0), kMinVelocityFactor);
}

// The limits: isometric at rest on both sides; an extending hip loses extension strength and
// keeps its flexion strength (that side yields).
TEST(Strength, LimitsDependOnTheSideAndTheSpeed) {
  const Model model = make_model(test::average_male(), 100.0);
  const TorqueLimits rest = torque_limits(model, Vec5::Zero());
  EXPECT_EQ(rest.lower, -model.torque_max);
  EXPECT_EQ(rest.upper, model.torque_max);
  Vec5 extending = Vec5::Zero();
  extending[kPelvis] = -1.578;  // the hip extends at its c4
  const TorqueLimits moving = torque_limits(model, extending);
  EXPECT_NEAR(moving.lower[kPelvis], -0.75 * model.torque_max[kPelvis], 1e-9);
  EXPECT_EQ(moving.upper[kPelvis], model.torque_max[kPelvis]);
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
