// Validation cases worked on paper (docs/validation.md) and numerical convergence.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "detail/angles.hpp"
#include "detail/simulate_integrated.hpp"
#include "spineload/config.hpp"
#include "spineload/dynamics.hpp"
#include "spineload/kinematics.hpp"
#include "spineload/simulate.hpp"
#include "spineload/spine.hpp"
#include "test_helpers.hpp"

namespace spineload {
namespace {

using detail::kDegToRad;
constexpr double kHandCalc = 1e-9;  // relative: the same arithmetic done two ways

SpineParameters watbak() {
  SpineParameters sp;
  sp.extensor_moment_arm = 0.06;
  sp.extensor_angle = 5.0 * kDegToRad;
  sp.passive_moment_max = 120.0;
  sp.lumbar_flexion_range = 55.0 * kDegToRad;
  sp.passive_stiffness_shape = 5.0;
  sp.passive_moment_arm = 0.06;
  sp.iap_moment_arm = 0.05;
  sp.iap_area = 0.0465;
  return sp;
}

// Upright spine, 1000 N carried, 120 N*m of extension: the extensor pulls 120 / 0.06 = 2000 N
// along a line 5 deg posterior of the disc axis.
//   compression = 1000 + 2000 cos 5 deg = 2992.39 N;  shear = 0 - 2000 sin 5 deg = -174.31 N
TEST(ValidationByHand, UprightSingleEquivalentExtensor) {
  const L4L5Loads l =
      l4l5_loads(watbak(), {0.0}, 90 * kDegToRad, 90 * kDegToRad, {0.0, 1000.0}, 120.0);
  EXPECT_NEAR(l.extensor_force, 2000.0, 2000.0 * kHandCalc);
  EXPECT_NEAR(l.compression, 2992.389396183491, 3000.0 * kHandCalc);
  EXPECT_NEAR(l.shear, -174.311485495316, 200.0 * kHandCalc);
}

// Trunk and pelvis both at 45 deg (bent at the hips, neutral spine): the 1000 N load now has
// a component of 707.1 N along the disc plane, anteriorly.
//   compression = 707.107 + 2000 cos 5 = 2699.50 N;  shear = 707.107 - 2000 sin 5 = 532.80 N
TEST(ValidationByHand, BentOverNeutralSpine) {
  const L4L5Loads l =
      l4l5_loads(watbak(), {0.0}, 45 * kDegToRad, 45 * kDegToRad, {0.0, 1000.0}, 120.0);
  EXPECT_NEAR(l.compression, 1000 * std::sqrt(0.5) + 2000 * std::cos(5 * kDegToRad),
              3000 * kHandCalc);
  EXPECT_NEAR(l.shear, 1000 * std::sqrt(0.5) - 2000 * std::sin(5 * kDegToRad), 1000 * kHandCalc);
}

// 30 deg of lumbar flexion (pelvis at 60, trunk at 30 -> disc at 45): passive tissues carry
// 120 (e^(5*30/55) - 1)/(e^5 - 1) = 11.63 N*m, the extensor the rest at a fading obliquity of
// 5 (1 - 30/55) = 2.273 deg.
TEST(ValidationByHand, RoundedSpineSharesTheMoment) {
  const SpineParameters sp = watbak();
  const L4L5Loads l = l4l5_loads(sp, {0.0}, 60 * kDegToRad, 30 * kDegToRad, {0.0, 1000.0}, 120.0);
  const double passive = 120.0 * std::expm1(5.0 * 30.0 / 55.0) / std::expm1(5.0);
  const double extensor = (120.0 - passive) / 0.06;
  const double beta = 5.0 * (1.0 - 30.0 / 55.0) * kDegToRad;
  EXPECT_NEAR(l.passive_moment, passive, 1e-12);
  EXPECT_NEAR(l.passive_moment, 11.63, 0.01);
  EXPECT_NEAR(l.extensor_force, extensor, extensor * kHandCalc);
  EXPECT_NEAR(l.compression,
              1000 * std::sqrt(0.5) + extensor * std::cos(beta) + passive / 0.06, 3000 * kHandCalc);
  EXPECT_NEAR(l.shear, 1000 * std::sqrt(0.5) - extensor * std::sin(beta), 1000 * kHandCalc);
}

// Bracing: 10 kPa on 0.0465 m^2 is a 465 N push along the disc axis at 5 cm: 23.25 N*m less
// for the extensor, 465 N less compression directly.
TEST(ValidationByHand, IntraAbdominalPressure) {
  const L4L5Loads loose =
      l4l5_loads(watbak(), {0.0}, 90 * kDegToRad, 90 * kDegToRad, {0, 1000}, 120);
  const L4L5Loads tight =
      l4l5_loads(watbak(), {10000.0}, 90 * kDegToRad, 90 * kDegToRad, {0, 1000}, 120);
  EXPECT_NEAR(tight.iap_force, 465.0, 1e-9);
  EXPECT_NEAR(loose.extensor_force - tight.extensor_force, 23.25 / 0.06, 1e-9);
  EXPECT_NEAR(loose.compression - tight.compression, 465.0 + 23.25 / 0.06 * std::cos(5 * kDegToRad),
              1e-9);
}

// A static posture with a hand load, worked from the segment table: trunk at 40 deg, arms
// hanging vertically, 20 kg in the hands. Moment = sum of weights x horizontal distances.
TEST(ValidationByHand, StaticPostureWithHandLoad) {
  const Model model = make_model(test::average_male(), 20.0);
  Vec5 phi;  // absolute angles: legs straight and vertical, trunk and pelvis at 40, arm down
  phi << 90 * kDegToRad, 90 * kDegToRad, 40 * kDegToRad, 40 * kDegToRad, -90 * kDegToRad;
  const Vec5 q = joint_angles(phi);
  Data data;
  inverse_dynamics(model, data, q, Vec5::Zero(), Vec5::Zero(), Vec2::Zero());
  // by hand: the trunk COM lies com_along x cos 40 ahead of L4-L5, the arm and bar hang from
  // the shoulder, trunk_length x cos 40 ahead
  const Segment& trunk = model.segments[kTrunk];
  const Segment& arm = model.segments[kArm];
  const double g = 9.81, c = std::cos(40 * kDegToRad);
  const double moment =
      g * (trunk.mass * trunk.com_along * c + (arm.mass + 20.0) * trunk.length * c);
  EXPECT_NEAR(data.joint_moment[kTrunk], moment, moment * kHandCalc);
  const double weight = g * (trunk.mass + arm.mass + 20.0);
  const L4L5Loads l = l4l5_loads(model.spine, {0.0}, phi[kPelvis], phi[kTrunk],
                                 data.joint_force_W[kTrunk], data.joint_moment[kTrunk]);
  const double extensor = moment / 0.06;
  EXPECT_NEAR(l.compression, weight * std::sin(40 * kDegToRad) + extensor * std::cos(5 * kDegToRad),
              l.compression * kHandCalc);
  EXPECT_NEAR(l.shear, weight * std::cos(40 * kDegToRad) - extensor * std::sin(5 * kDegToRad),
              std::abs(l.shear) * 1e-8);
}

// Peaks do not depend on the numerics: the ODE integrated from the start at half the
// tolerances and twice the output rate moves no peak of simulate()'s pull (on its plan, then
// integrated where strength binds) by more than 0.5% (a sampled peak of a smooth curve moves
// with dt^2).
TEST(Convergence, PeaksIndependentOfToleranceAndRate) {
  constexpr double kPeakTolerance = 0.005;
  for (const double duration : {2.0, 0.8}) {
    Lifter lifter = test::average_male();
    lifter.strength = 1.6;  // the fast pull must not saturate
    spineload::Setup setup;
    setup.duration = duration;
    setup.lumbar_flexion_deg = 10.0;
    setup.trunk_angle_deg = 26.0;
    const Result coarse = simulate(lifter, setup);
    SimulationOptions fine;
    fine.rtol = coarse.options.rtol / 2;
    fine.atol = coarse.options.atol / 2;
    fine.rate = coarse.options.rate * 2;
    Result finer;
    detail::simulate_integrated_into(lifter, setup, fine, finer);
    ASSERT_GT(finer.summary.steps, 0u);
    ASSERT_TRUE(coarse.summary.completed && finer.summary.completed);
    auto check = [&](const Peak& a, const Peak& b, const char* name) {
      EXPECT_NEAR(a.value, b.value, kPeakTolerance * std::abs(b.value)) << name << " " << duration;
    };
    check(coarse.summary.peak_moment, finer.summary.peak_moment, "moment");
    check(coarse.summary.peak_compression, finer.summary.peak_compression, "compression");
    check(coarse.summary.peak_anterior_shear, finer.summary.peak_anterior_shear, "shear");
    check(coarse.summary.peak_extensor_force, finer.summary.peak_extensor_force, "extensor");
  }
}

// The largest difference between two pulls' channel, sample by sample (same sample count).
double largest_difference(const Result& a, const Result& b, Channel c) {
  EXPECT_EQ(a.samples, b.samples);
  double largest = 0;
  for (std::size_t i = 0; i < std::min(a.channel(c).size(), b.channel(c).size()); ++i) {
    largest = std::max(largest, std::abs(a.channel(c)[i] - b.channel(c)[i]));
  }
  return largest;
}

Result integrated(const Lifter& lifter, const spineload::Setup& setup, double tolerance) {
  SimulationOptions options;
  options.rtol = options.atol = tolerance;
  Result result;
  detail::simulate_integrated_into(lifter, setup, options, result);
  return result;
}

// The integrator's default tolerances against a solve a million times tighter, sample by sample
// at the same output rate: the error is below the printed resolution (1 N*m, 1 N, 0.1 deg).
// Observed 2.9e-5 rad, 0.038 N*m and 0.57 N for this pull integrated from its start.
TEST(Convergence, DefaultToleranceAgreesWithATightSolveAtEverySample) {
  const Lifter lifter = test::average_male();
  spineload::Setup setup;
  setup.lumbar_flexion_deg = 10.0;
  const Result result = integrated(lifter, setup, SimulationOptions{}.rtol);
  const Result reference = integrated(lifter, setup, 1e-10);
  ASSERT_TRUE(result.summary.completed && reference.summary.completed);
  ASSERT_GT(result.summary.steps, 0u);
  EXPECT_LT(largest_difference(result, reference, Channel::kQ), 5e-5);           // rad
  EXPECT_LT(largest_difference(result, reference, Channel::kMoment), 0.1);       // N*m
  EXPECT_LT(largest_difference(result, reference, Channel::kCompression), 2.0);  // N
  EXPECT_LT(largest_difference(result, reference, Channel::kShear), 2.0);        // N
}

// While the lifter follows the plan within strength, simulate() takes the plan as the motion
// (the tracking error starts at 0 and stays there: docs/model.md 5.5) and integrates nothing.
// The ODE integrated from the start at 1e-10 agrees at every sample to its own accuracy, for a
// pull from the floor, one lowered from the hang and raised again, and a rack pull. Observed:
// 2.2e-9 rad, 1.6e-6 N*m and 2.4e-5 N.
TEST(Convergence, AFollowedPlanIsTheSolutionOfTheTrackingODE) {
  const Lifter lifter = test::average_male();
  for (const char* preset : {"conventional", "rdl", "rack_pull"}) {
    const spineload::Setup setup = load_setup(preset);
    const Result result = simulate(lifter, setup);
    const Result reference = integrated(lifter, setup, 1e-10);
    ASSERT_TRUE(result.summary.completed && reference.summary.completed) << preset;
    EXPECT_EQ(result.summary.steps, 0u) << preset;  // nothing was integrated
    EXPECT_GT(reference.summary.steps, 100u) << preset;
    EXPECT_LT(largest_difference(result, reference, Channel::kQ), 1e-8) << preset;
    // rad/s; 1.9e-7 built for x86-64-v3 (fused multiply-adds round the 1e-10 solve otherwise)
    EXPECT_LT(largest_difference(result, reference, Channel::kQdot), 5e-7) << preset;
    EXPECT_LT(largest_difference(result, reference, Channel::kMoment), 1e-4) << preset;
    EXPECT_LT(largest_difference(result, reference, Channel::kCompression), 1e-3) << preset;
    EXPECT_LT(largest_difference(result, reference, Channel::kShear), 1e-3) << preset;
  }
}

// Where strength binds, simulate() integrates from the last sample that followed the plan, and
// the stepper finds where the limit binds: the grinding pull (125 kg), a heavier one whose
// tempo falls between the samples of a 10 Hz series, and a lowering that fails (an RDL at
// 130 kg) end as the ODE integrated from the start at 1e-10 ends, sample by sample within the
// default tolerance's error (observed at most 2.6e-4 rad, 0.1 N*m and 1.7 N over the ten
// presets at 60-150 kg: docs/validation.md 5).
TEST(Convergence, APullHeldBackByStrengthIsIntegratedFromWhereItLeavesThePlan) {
  const Lifter lifter = test::average_male();
  struct Case {
    const char* preset;
    double load, rate;
  };
  for (const Case c : {Case{"conventional", 125, 100}, Case{"conventional", 125, 10},
                       Case{"rounded", 125, 100}, Case{"rdl", 130, 100}}) {
    spineload::Setup setup = load_setup(c.preset);
    setup.load = c.load;
    SimulationOptions options;
    options.rate = c.rate;
    const Result result = simulate(lifter, setup, options);
    options.rtol = options.atol = 1e-10;
    Result reference;
    detail::simulate_integrated_into(lifter, setup, options, reference);
    const std::string name = std::string(c.preset) + " at " + std::to_string(c.rate) + " Hz";
    EXPECT_EQ(result.summary.status, reference.summary.status) << name;
    EXPECT_GT(result.summary.steps, 0u) << name;
    EXPECT_NEAR(result.summary.peak_compression.value, reference.summary.peak_compression.value,
                2.0)
        << name;
    EXPECT_LT(largest_difference(result, reference, Channel::kQ), 5e-4) << name;
    EXPECT_LT(largest_difference(result, reference, Channel::kMoment), 0.2) << name;
    EXPECT_LT(largest_difference(result, reference, Channel::kCompression), 3.0) << name;
  }
}

}  // namespace
}  // namespace spineload
