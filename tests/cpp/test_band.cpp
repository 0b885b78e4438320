// spineload::Bands: the band forces on the bar, the balance they ask for, and the loads they
// put on the shoulder and L4-L5 (docs/model.md 5.6).
#include <gtest/gtest.h>

#include <cmath>

#include "spineload/band.hpp"
#include "spineload/dynamics.hpp"
#include "spineload/kinematics.hpp"
#include "spineload/posture.hpp"
#include "spineload/simulate.hpp"
#include "test_helpers.hpp"

namespace spineload {
namespace {

// Worked by hand: 1000 N at 5 cm behind mid-foot, a 100 N forward pull at 0.5 m height: the
// pull's moment about the origin, -0.5 * 100 = -50 N*m, moves the pressure 5 cm forward to
// mid-foot; a 200 N down pull 10 cm ahead adds 200 N to the ground reaction and 20 N*m.
TEST(Band, CentreOfPressureByHand) {
  EXPECT_NEAR(centre_of_pressure_at_rest(1000, -0.05, {0.0, 0.5}, {100, 0}), 0.0, 1e-15);
  EXPECT_NEAR(centre_of_pressure_at_rest(1000, -0.05, {0.1, 0.5}, {0, -200}), -0.025, 1e-15);
  EXPECT_EQ(centre_of_pressure_at_rest(1000, -0.05, {0.1, 0.5}, {0, 0}), -0.05);
}

TEST(Band, ForcesPointWhereTheBandsPull) {
  const Bands bands{.down_tension = 400, .forward_tension = 150, .anchor = {1.5, 0.225}};
  // level with the anchor: straight forward, plus half the down band at half stretch
  const Vec2 level = bands.force({0.0, 0.225}, 0.5);
  EXPECT_NEAR(level.x(), 150, 1e-12);
  EXPECT_NEAR(level.y(), -200, 1e-12);
  // 0.6 m above the anchor's height: along (1.5, -0.6) / 1.6155..., and no down band below
  // its start height
  const Vec2 high = Bands{.forward_tension = 150, .anchor = {1.5, 0.225}}.force({0.0, 0.825}, 1);
  const double length = std::hypot(1.5, 0.6);
  EXPECT_NEAR(high.x(), 150 * 1.5 / length, 1e-12);
  EXPECT_NEAR(high.y(), -150 * 0.6 / length, 1e-12);
  EXPECT_EQ(bands.force({0.0, 0.225}, -0.3).y(), 0.0 + bands.force({0.0, 0.225}, 0).y());
}

// The joint torques a band adds at rest are -J^T f, with the bar's Jacobian J taken by finite
// differences of the forward kinematics (not by the Newton-Euler passes that compute tau); at
// L4-L5 the pull's moment is -(bar - L4-L5) x f, worked by hand.
TEST(Band, TorquesAreTheJacobianTransposeOfThePull) {
  spineload::Setup setup;
  setup.band_forward = 250;
  const Model model = make_model(test::average_male(), setup.load);
  const Vec5 q = solve_start_posture(model, setup).q;
  Data data;
  forward_kinematics(model, data, q);
  const Vec2 bar = data.landmark[kNumLandmarks - 1], l4l5 = data.landmark[3];
  const Vec2 f = bands_of(setup).force(bar, 0.0);
  const Vec5 without = inverse_dynamics(model, data, q, Vec5::Zero(), Vec5::Zero(), Vec2::Zero());
  const double moment_without = data.joint_moment[kTrunk];
  const Vec5 with = inverse_dynamics(model, data, q, Vec5::Zero(), Vec5::Zero(), f);
  const double moment_with = data.joint_moment[kTrunk];
  Eigen::Matrix<double, 2, kNumJoints> jacobian;
  constexpr double h = 1e-7;
  for (int j = 0; j < kNumJoints; ++j) {
    Vec5 plus = q, minus = q;
    plus[j] += h;
    minus[j] -= h;
    forward_kinematics(model, data, plus);
    const Vec2 up = data.landmark[kNumLandmarks - 1];
    forward_kinematics(model, data, minus);
    jacobian.col(j) = (up - data.landmark[kNumLandmarks - 1]) / (2 * h);
  }
  const Vec5 expected = -jacobian.transpose() * f;
  for (int j = 0; j < kNumJoints; ++j) EXPECT_NEAR(with[j] - without[j], expected[j], 1e-5) << j;
  const Vec2 arm = bar - l4l5;
  EXPECT_NEAR(moment_with - moment_without, -(arm.x() * f.y() - arm.y() * f.x()), 1e-9);
  // the shoulder holds the bar in: more extension torque (negative, anatomical)
  EXPECT_LT(with[kArm], without[kArm]);
}

// Balance with a forward band: the lifter sits back until the ground's pressure, not the
// centre of mass, is over the balance point; the lever on the lower back grows.
TEST(Band, TheLifterSitsBackAgainstTheBand) {
  spineload::Setup plain, banded;
  banded.band_forward = 300;
  const Model model = make_model(test::average_male(), plain.load);
  const Posture p0 = solve_start_posture(model, plain), p1 = solve_start_posture(model, banded);
  const double weight = (model.body_mass + model.bar_mass) * model.gravity;
  const Vec2 bar = p1.landmark[kNumLandmarks - 1];
  const double cop = centre_of_pressure_at_rest(weight, p1.center_of_mass.x(), bar,
                                                bands_of(banded).force(bar, 0.0));
  EXPECT_NEAR(cop, banded.balance_point, 1e-9);
  // the pull's moment 300 N x 0.225 m over the weight: the COM goes back by that much
  EXPECT_NEAR(p0.center_of_mass.x() - p1.center_of_mass.x(), 300 * bar.y() / weight, 1e-6);
  const double lever0 = p0.landmark[kNumLandmarks - 1].x() - p0.landmark[3].x();
  const double lever1 = bar.x() - p1.landmark[3].x();
  EXPECT_GT(lever1, lever0 + 0.05);
  // and at lockout
  const Posture top = solve_lockout_posture(model, banded);
  const Vec2 top_bar = top.landmark[kNumLandmarks - 1];
  EXPECT_NEAR(centre_of_pressure_at_rest(weight, top.center_of_mass.x(), top_bar,
                                         bands_of(banded).force(top_bar, 1.0)),
              banded.lockout_balance_point, 1e-9);
}

// A pull against a forward band: it completes, the ground pressure stays in the foot, the
// band adds anterior shear (its pull on the upper body is forward) and the shoulder works
// harder; too strong a band is refused with band_forward named.
TEST(Band, APullAgainstAForwardBand) {
  spineload::Setup plain, banded;
  banded.band_forward = 150;
  const Lifter lifter = test::average_male();
  const Result r0 = simulate(lifter, plain), r1 = simulate(lifter, banded);
  ASSERT_TRUE(r1.summary.completed) << r1.summary.status;
  EXPECT_TRUE(r1.summary.cop_inside_foot);
  EXPECT_GT(r1.summary.peak_anterior_shear.value, r0.summary.peak_anterior_shear.value + 50);
  double shoulder0 = 0, shoulder1 = 0;  // the largest shoulder extension torque
  for (std::size_t k = 0; k < r0.samples; ++k) {
    shoulder0 = std::min(shoulder0, r0.channel(Channel::kTau)[kNumJoints * k + kArm]);
  }
  for (std::size_t k = 0; k < r1.samples; ++k) {
    shoulder1 = std::min(shoulder1, r1.channel(Channel::kTau)[kNumJoints * k + kArm]);
  }
  // not the whole 150 N x 0.6 m: sitting back puts the shoulders behind the bar, whose weight
  // then helps the lats
  EXPECT_LT(shoulder1, shoulder0 - 25);
  banded.band_forward = 600;
  try {
    simulate(lifter, banded);
    FAIL() << "a 600 N band pulls the average male past what his joints allow";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("band_forward"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace spineload
