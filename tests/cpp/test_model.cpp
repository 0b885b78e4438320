// Scaling of the published tables (docs/model.md, section 2).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include <Eigen/Geometry>

#include "spineload/error.hpp"
#include "spineload/model.hpp"
#include "test_helpers.hpp"

namespace spineload {
namespace {

constexpr double kTableRounding = 2e-4;  // de Leva's fractions are printed to 4 decimals

TEST(Model, SegmentMassesAddUpToBodyMass) {
  for (const Lifter& lifter : {test::average_male(), test::average_female()}) {
    const Model model = make_model(lifter, 0.0);
    double sum = model.foot.mass;
    for (const Segment& s : model.segments) sum += s.mass;
    // mass fractions (limbs twice, head, trunk) sum to 1 within the table's rounding
    EXPECT_NEAR(sum / lifter.mass, 1.0, kTableRounding) << lifter.sex;
    EXPECT_DOUBLE_EQ(model.body_mass, sum);
  }
}

TEST(Model, SegmentsArePhysical) {
  const Model model = make_model(test::average_male(), 100.0);
  for (const Segment& s : model.segments) {
    EXPECT_GT(s.mass, 0.0) << s.name;
    EXPECT_GT(s.length, 0.0) << s.name;
    EXPECT_GT(s.inertia, 0.0) << s.name;
  }
  EXPECT_DOUBLE_EQ(model.bar_mass, 100.0);
  // the chain stacks to about stature: ankle height + shank + thigh + hip-to-shoulder
  const double shoulder_height = model.ankle.y() + model.segments[kShank].length +
                                 model.segments[kThigh].length +
                                 model.segments[kPelvis].length + model.segments[kTrunk].length;
  EXPECT_NEAR(shoulder_height / 1.741, 0.818, 0.01);  // Winter's shoulder height 0.818 H
}

TEST(Model, LengthOverridesApply) {
  Lifter lifter = test::average_male();
  const Model base = make_model(lifter, 0.0);
  lifter.thigh_ratio = 0.27;
  lifter.arm_ratio = 0.40;
  const Model long_limbs = make_model(lifter, 0.0);
  EXPECT_NEAR(long_limbs.segments[kThigh].length, 0.27 * lifter.height, 1e-12);
  EXPECT_NEAR(long_limbs.segments[kArm].length, 0.40 * lifter.height, 1e-12);
  EXPECT_GT(long_limbs.segments[kThigh].length, base.segments[kThigh].length);
  // masses do not follow length overrides
  EXPECT_DOUBLE_EQ(long_limbs.segments[kThigh].mass, base.segments[kThigh].mass);
}

TEST(Model, ScalesWithStatureAndMass) {
  Lifter lifter = test::average_male();
  const Model base = make_model(lifter, 0.0);
  lifter.height *= 1.1;
  lifter.mass *= 1.2;
  const Model big = make_model(lifter, 0.0);
  for (int i = 0; i < kNumJoints; ++i) {
    EXPECT_NEAR(big.segments[i].length / base.segments[i].length, 1.1, 1e-12);
    EXPECT_NEAR(big.segments[i].mass / base.segments[i].mass, 1.2, 1e-12);
    // I ~ m L^2
    EXPECT_NEAR(big.segments[i].inertia / base.segments[i].inertia, 1.2 * 1.1 * 1.1, 1e-9);
  }
}

TEST(Model, BadLifterNamesFieldAndRange) {
  Lifter lifter = test::average_male();
  lifter.height = 3.1;
  try {
    make_model(lifter, 0.0);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "height");
    EXPECT_NE(std::string(e.what()).find("[1.2, 2.3] m"), std::string::npos) << e.what();
  }
  lifter = test::average_male();
  lifter.sex = "other";
  EXPECT_THROW(make_model(lifter, 0.0), InputError);
  EXPECT_THROW(make_model(test::average_male(), -5.0), InputError);
  lifter = test::average_male();
  lifter.mass = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(make_model(lifter, 0.0), InputError);
}

// A wide stance (docs/model.md 2.4): the knee over the ankle, the hip its half hip width from
// the midline, so the thigh crosses (stance - hip width) / 2 sideways. Built in 3D here: the
// side-view thigh plus that sideways step is the thigh's own length at any side-view angle, and
// a turn about the medio-lateral axis has the same kinetic energy in the side view's numbers
// as for the tilted 3D body (its inertia tensor rotated, de Leva's longitudinal radius 0.149).
TEST(Model, AWideStanceIsTheThighSeenFromTheSide) {
  const Model model = make_model(test::average_male(), 100.0);
  const double width = 0.70, foot_angle = 42.0 * std::numbers::pi / 180.0;
  const Model sumo = with_stance(model, width, foot_angle);
  const Segment& thigh = model.segments[kThigh];
  const Segment& side = sumo.segments[kThigh];
  const double sideways = 0.5 * (width - sumo.stance.hip_width);
  EXPECT_NEAR(sumo.stance.hip_width, 0.167 / 1.80 * 1.741, 0.001);  // OpenSim Gait2392's, scaled
  for (const double phi : {0.3, 1.2, 2.0}) {                        // side-view thigh angles, rad
    const Eigen::Vector3d knee(0, 0, 0);
    const Eigen::Vector3d hip(side.length * std::cos(phi), -sideways, side.length * std::sin(phi));
    EXPECT_NEAR((hip - knee).norm(), thigh.length, 1e-12);
    // the 3D body: its long axis along knee -> hip, equal inertias across it
    const Eigen::Vector3d axis = (hip - knee).normalized();
    const double across = thigh.inertia;  // de Leva's transverse radius, both thighs
    const double r_long = 0.149 * thigh.length;
    const Eigen::Matrix3d tensor =
        across * Eigen::Matrix3d::Identity() +
        (thigh.mass * r_long * r_long - across) * axis * axis.transpose();
    const double omega = 1.7;  // rad/s about the medio-lateral axis through the knee
    const Eigen::Vector3d w(0, omega, 0);
    const Eigen::Vector3d com = knee + thigh.com_along * axis;
    const double energy_3d =
        0.5 * thigh.mass * w.cross(com).squaredNorm() + 0.5 * w.dot(tensor * w);
    const double energy_side =
        0.5 * side.mass * std::pow(omega * side.com_along, 2) + 0.5 * side.inertia * omega * omega;
    EXPECT_NEAR(energy_side / energy_3d, 1.0, 1e-12) << phi;
  }
  // the rest of the leg and the body are the same; the mass is unchanged
  EXPECT_EQ(sumo.segments[kShank].length, model.segments[kShank].length);
  EXPECT_EQ(side.mass, thigh.mass);
  EXPECT_DOUBLE_EQ(sumo.body_mass, model.body_mass);
  // feet turned out: shorter from the side, mid-foot where it was
  EXPECT_NEAR(sumo.toe_x - sumo.heel_x, (model.toe_x - model.heel_x) * std::cos(foot_angle), 1e-12);
  EXPECT_NEAR(sumo.ankle.x(), model.ankle.x() * std::cos(foot_angle), 1e-12);
  EXPECT_NEAR(sumo.heel_x + sumo.foot.com_along,
              (model.heel_x + model.foot.com_along) * std::cos(foot_angle), 1e-12);
  // no stance gives the model back, bit for bit
  const Model back = with_stance(sumo, 0.0, 0.0);
  EXPECT_EQ(back.segments[kThigh].length, thigh.length);
  EXPECT_EQ(back.segments[kThigh].inertia, thigh.inertia);
  EXPECT_EQ(back.mass_cos, model.mass_cos);
  EXPECT_EQ(back.toe_x, model.toe_x);
  // a stance that would lay the thighs nearly flat is refused, naming the field
  EXPECT_EQ(test::field_of([&] { with_stance(model, 1.2, 0.0); }), "stance_width");
  // the feet turn out within the setup field's range, its ends included
  const double degree = std::numbers::pi / 180.0;
  EXPECT_EQ(test::field_of([&] { with_stance(model, 0.7, 60.0 * degree); }), "");
  EXPECT_EQ(test::field_of([&] { with_stance(model, 0.7, 60.5 * degree); }), "foot_angle_deg");
  EXPECT_EQ(test::field_of([&] { with_stance(model, 0.7, -1.0 * degree); }), "foot_angle_deg");
}

}  // namespace
}  // namespace spineload
