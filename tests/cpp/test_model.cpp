// Scaling of the published tables (docs/model.md, section 2).
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace spineload
