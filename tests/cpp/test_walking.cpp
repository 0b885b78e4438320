// Walking with a load (walking.hpp, docs/model.md 5.11).
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "spineload/config.hpp"
#include "spineload/dynamics.hpp"
#include "spineload/kinematics.hpp"
#include "spineload/simulate.hpp"
#include "spineload/walking.hpp"
#include "test_helpers.hpp"

namespace spineload {
namespace {

// The measured gait's vertical force is a body weight on average over a cycle (the body neither
// rises nor sinks), repeats with the cycle, and peaks at 1.29 body weights just after the heel
// strike and falls to 0.80 in single-limb stance, as the table's source reads (gait.toml).
TEST(Walking, TheGaitsVerticalForceAveragesOneBodyWeight) {
  const double cycle = gait_cycle_duration();
  EXPECT_NEAR(cycle, 1.234, 1e-9);
  constexpr int kSteps = 100'000;  // the trapezoid rule, exact for the piecewise-linear table
  double sum = 0, least = 10, most = 0, most_at = 0;
  for (int i = 0; i < kSteps; ++i) {
    const double t = cycle * i / kSteps, f = walking_gravity_scale(t);
    sum += f;
    least = std::min(least, f);
    if (f > most) most = f, most_at = t / cycle;
    EXPECT_NEAR(walking_gravity_scale(t + 3 * cycle), f, 1e-12) << t;
  }
  EXPECT_NEAR(sum / kSteps, 1.0, 1e-9);
  // the table's values at their phases, over the mean of its 100 printed values (0.99979)
  EXPECT_NEAR(walking_gravity_scale(0.0), 1.127 / 0.99979, 1e-7);
  EXPECT_NEAR(walking_gravity_scale(0.04 * cycle), 1.291 / 0.99979, 1e-7);
  EXPECT_NEAR(walking_gravity_scale(0.77 * cycle), 0.796 / 0.99979, 1e-7);
  EXPECT_NEAR(walking_gravity_scale(0.035 * cycle), 0.5 * (1.284 + 1.291) / 0.99979, 1e-7);
  EXPECT_NEAR(most, 1.291, 0.002);
  EXPECT_NEAR(most_at, 0.04, 0.005);
  EXPECT_NEAR(least, 0.796, 0.002);
}

// In a walked hold nothing moves relative to the feet, so every load is statics under the
// gravity the ground's acceleration makes, g (1 + a / g): the net L4-L5 force and moment are the
// standing hold's times the gait's vertical force in body weights at that instant, and so is
// the disc compression (neutral spine, no pressure: every term of eq. 6.3-6.4 is proportional
// to the net load). Over whole cycles the walked loads average the standing ones.
TEST(Walking, AWalkedHoldIsTheStandingHoldUnderTheGaitsGravity) {
  const Lifter lifter = test::average_male();
  spineload::Setup stand = load_setup("front_carry");
  stand.duration = 2 * gait_cycle_duration();
  spineload::Setup walk = stand;
  walk.walking = true;
  const Result s = simulate(lifter, stand), w = simulate(lifter, walk);
  ASSERT_TRUE(s.summary.completed) << s.summary.status;
  ASSERT_TRUE(w.summary.completed) << w.summary.status;
  ASSERT_EQ(s.samples, w.samples);
  const double moment0 = s.channel(Channel::kMoment)[0];
  ASSERT_GT(moment0, 100.0);  // the load at the chest has a lever on L4-L5
  double walked = 0, stood = 0;
  for (std::size_t k = 0; k < w.samples; ++k) {
    const double t = w.channel(Channel::kTime)[k], scale = walking_gravity_scale(t);
    const double moment = s.channel(Channel::kMoment)[k];
    const double compression = s.channel(Channel::kCompression)[k];
    EXPECT_NEAR(w.channel(Channel::kMoment)[k], scale * moment, 1e-9 * moment) << t;
    EXPECT_NEAR(w.channel(Channel::kCompression)[k], scale * compression, 1e-9 * compression) << t;
    EXPECT_NEAR(w.channel(Channel::kForce)[2 * k + 1],
                scale * s.channel(Channel::kForce)[2 * k + 1], 1e-9 * compression)
        << t;
    // one disc lower, and the stability: the extensor's stiffness and gravity's pull alike
    const double l5s1 = s.channel(Channel::kL5S1Moment)[k];
    EXPECT_NEAR(w.channel(Channel::kL5S1Moment)[k], scale * l5s1, 1e-9 * l5s1) << t;
    EXPECT_NEAR(w.channel(Channel::kL5S1Force)[2 * k + 1],
                scale * s.channel(Channel::kL5S1Force)[2 * k + 1], 1e-9 * compression)
        << t;
    const double stability = s.channel(Channel::kStability)[k];
    EXPECT_NEAR(w.channel(Channel::kStability)[k], scale * stability, 1e-9 * std::abs(stability))
        << t;
    // the feet carry the whole weight times the same factor
    EXPECT_NEAR(w.channel(Channel::kGrf)[2 * k + 1], scale * s.channel(Channel::kGrf)[2 * k + 1],
                1e-9 * s.channel(Channel::kGrf)[2 * k + 1])
        << t;
    if (k + 1 < w.samples) {  // the last sample closes the two cycles
      walked += w.channel(Channel::kMoment)[k];
      stood += moment;
    }
  }
  // 100 Hz samples of the piecewise-linear table over two whole cycles: its mean to sampling
  EXPECT_NEAR(walked / stood, 1.0, 0.005);
  EXPECT_NEAR(w.summary.peak_compression.value / s.summary.peak_compression.value, 1.29, 0.01);
  EXPECT_GT(w.summary.peak_compression.value, s.summary.peak_compression.value);
}

// The ground reaction carried up through the legs gives the same L4-L5 load as the pass from
// the bar down, under any gravity scale (the balance of eq. 3.8 with g (1 + a / g)).
TEST(Walking, TopDownEqualsBottomUpUnderTheGaitsGravity) {
  const Model model = make_model(test::average_male(), 40.0);
  Data data;
  std::mt19937 rng(11);
  const Vec5 q = 0.5 * (model.q_max + model.q_min);  // mid-range: any posture will do
  for (const double scale : {0.796, 1.0, 1.291}) {
    data.gravity_scale = scale;
    const Vec5 qd = test::random_vector(rng, 2.0), qdd = test::random_vector(rng, 10.0);
    inverse_dynamics(model, data, q, qd, qdd, Vec2::Zero());
    const JointLoad up = l4l5_bottom_up(model, data, ground_reaction(model, data));
    const double force = data.joint_force_W[kTrunk].norm();
    EXPECT_LT((up.force_W - data.joint_force_W[kTrunk]).norm(), test::kRoundOff * force);
    EXPECT_NEAR(up.moment, data.joint_moment[kTrunk],
                test::kRoundOff * std::max(1.0, std::abs(data.joint_moment[kTrunk])));
    // and forward dynamics (the bias forces' gravity) undoes the inverse under the same scale
    const Vec5 tau = data.tau;
    const Vec5 back = forward_dynamics(model, data, q, qd, tau, Vec2::Zero());
    EXPECT_LT((back - qdd).norm(), 1e-8 * qdd.norm()) << scale;
  }
  // and at rest the scaled statics: the whole weight times the scale on the ground
  const Vec5 zero = Vec5::Zero();
  data.gravity_scale = 1.25;
  inverse_dynamics(model, data, q, zero, zero, Vec2::Zero());
  EXPECT_NEAR(ground_reaction(model, data).force_W.y(), 1.25 * total_weight(model),
              test::kRoundOff * total_weight(model));
}

// A hold has no tempo to give: 90 kg at the chest can be stood with but not walked with - the
// first step's ground force asks more of the shoulders than they have - and the walked carry
// fails there, its loads ending at the sample before, never the sagging that followed.
TEST(Walking, ACarryTooHeavyToWalkWithFailsAtAStep) {
  const Lifter lifter = test::average_male();
  spineload::Setup carry = load_setup("front_carry");
  carry.load = 90.0;
  const Result stood = simulate(lifter, carry);
  ASSERT_TRUE(stood.summary.completed) << stood.summary.status;
  EXPECT_LT(stood.summary.max_torque_ratio, 0.85);  // 0.83: standing is within strength
  carry.walking = true;
  const Result walked = simulate(lifter, carry);
  EXPECT_FALSE(walked.summary.completed);
  EXPECT_NE(walked.summary.status.find("cannot be carried walking"), std::string::npos)
      << walked.summary.status;
  EXPECT_NE(walked.summary.status.find("shoulder"), std::string::npos) << walked.summary.status;
  // within the first step's rising ground force (its peak is at 4% of the cycle), and the
  // recorded loads stop before it, every one a load the lifter held
  const double end = walked.channel(Channel::kTime)[walked.samples - 1];
  EXPECT_LT(end, 0.04 * gait_cycle_duration());
  for (std::size_t k = 0; k < walked.samples; ++k) {
    const double t = walked.channel(Channel::kTime)[k];
    EXPECT_NEAR(walked.channel(Channel::kMoment)[k],
                walking_gravity_scale(t) * stood.channel(Channel::kMoment)[k],
                1e-9 * stood.channel(Channel::kMoment)[k])
        << t;
  }
  EXPECT_LE(walked.summary.max_torque_ratio, 1.0);
}

TEST(Walking, OnlyAHoldWalks) {
  spineload::Setup pull;
  pull.walking = true;
  EXPECT_EQ(test::field_of([&] { simulate(test::average_male(), pull); }), "walking");
  spineload::Setup carry = load_setup("farmer_carry");
  carry.walking = true;
  EXPECT_TRUE(simulate(test::average_male(), carry).summary.completed);
}

}  // namespace
}  // namespace spineload
