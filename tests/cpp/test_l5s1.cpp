// L5-S1 one vertebra below L4-L5 (docs/model.md 6.10): its net load from above equals the one
// from the ground up, it is worked by hand in a static posture, and its disc loads balance.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

#include "spineload/dynamics.hpp"
#include "spineload/kinematics.hpp"
#include "spineload/loads.hpp"
#include "spineload/simulate.hpp"
#include "test_helpers.hpp"

namespace spineload {
namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;

double cross(const Vec2& a, const Vec2& b) { return a.x() * b.y() - a.y() * b.x(); }
Vec2 unit(double angle) { return {std::cos(angle), std::sin(angle)}; }

Vec5 deadlift_like(std::mt19937& rng) {
  Vec5 q;
  q << 0.17, 1.4, 2.1, 0.17, 0.87;  // rad: around a deadlift start
  return q + test::random_vector(rng, 0.4);
}

// From the ground up: the ground reaction through the foot, shank and thigh gives the hip load
// from below, then the pelvis below L5-S1 (the pelvis less the part above L5-S1, worked out
// here from first moments and the parallel-axis theorem) gives the L5-S1 load.
TEST(L5S1, LoadFromAboveEqualsTheOneFromTheGroundUp) {
  const Model model = make_model(test::average_male(), 140.0);
  const Vec2 gravity(0.0, -model.gravity);
  Data data;
  std::mt19937 rng(11);
  for (int k = 0; k < 40; ++k) {
    const Vec5 q = deadlift_like(rng), qd = test::random_vector(rng, 3.0),
               qdd = test::random_vector(rng, 20.0);
    const Vec2 f_bar(0.0, -100.0 * (k % 2));
    const StateLoads top_down = loads_of_state(model, data, q, qd, qdd, f_bar, {});
    const GroundReaction ground = ground_reaction(model, data);

    // foot, shank, thigh: the load each exerts on the segment above it
    const Vec2 cop(ground.cop_x, 0.0);
    const Vec2 foot_com(model.heel_x + model.foot.com_along, model.foot.com_perp);
    const Vec2& ankle = data.landmark[0];
    Vec2 force = ground.force_W + model.foot.mass * gravity;
    double moment =
        cross(cop - ankle, ground.force_W) + cross(foot_com - ankle, model.foot.mass * gravity);
    for (int i = kShank; i <= kThigh; ++i) {
      const Segment& seg = model.segments[i];
      const Vec2 inertial = seg.mass * (data.com_acc[i] - gravity);
      const Vec2 next_force = force - inertial;
      moment -= seg.inertia * data.alpha[i] + cross(data.com[i] - data.landmark[i], inertial) +
                cross(data.landmark[i + 1] - data.landmark[i], next_force);
      force = next_force;
    }

    // the pelvis below L5-S1, rigid with the pelvis
    const Segment& pelvis = model.segments[kPelvis];
    const Segment& above = model.pelvis_above_l5s1;
    const Vec2 along = unit(data.phi[kPelvis]);
    const Vec2& hip = data.landmark[kPelvis];
    const Vec2 l5s1 = data.landmark[kTrunk] - model.l5s1_below_l4l5 * along;
    const Vec2 above_com = l5s1 + above.com_along * along;
    const double omega = data.omega[kPelvis], alpha = data.alpha[kPelvis];
    auto acceleration = [&](const Vec2& point) {  // of a point of the pelvis
      const Vec2 r = point - data.com[kPelvis];
      return Vec2(data.com_acc[kPelvis] + alpha * Vec2(-r.y(), r.x()) - omega * omega * r);
    };
    const double below_mass = pelvis.mass - above.mass;
    const Vec2 below_com = (pelvis.mass * data.com[kPelvis] - above.mass * above_com) / below_mass;
    const double below_inertia = pelvis.inertia - above.inertia -
                                 above.mass * (above_com - data.com[kPelvis]).squaredNorm() -
                                 below_mass * (below_com - data.com[kPelvis]).squaredNorm();
    ASSERT_GT(below_inertia, 0.0);
    const Vec2 inertial = below_mass * (acceleration(below_com) - gravity);
    const Vec2 up_force = force - inertial;
    const double up_moment = moment - below_inertia * alpha - cross(below_com - hip, inertial) -
                             cross(l5s1 - hip, up_force);

    const double scale = top_down.l5s1.force_W.norm();
    EXPECT_LT((up_force - top_down.l5s1.force_W).norm(), test::kRoundOff * scale) << k;
    EXPECT_NEAR(up_moment, top_down.l5s1.moment,
                test::kRoundOff * std::max(1.0, std::abs(top_down.l5s1.moment)))
        << k;
    EXPECT_LT((top_down.l5s1_position - l5s1).norm(), 1e-12);
  }
}

// Standing still in a static posture: the L5-S1 moment is the weights above it times their
// horizontal distances from it, and the force their sum.
TEST(L5S1, StaticLoadWorkedByHand) {
  const Model model = make_model(test::average_male(), 100.0);
  Data data;
  std::mt19937 rng(12);
  for (int k = 0; k < 10; ++k) {
    const Vec5 q = deadlift_like(rng), zero = Vec5::Zero();
    const StateLoads loads = loads_of_state(model, data, q, zero, zero, Vec2::Zero(), {});
    const Vec2 l5s1 = data.landmark[kTrunk] - model.l5s1_below_l4l5 * unit(data.phi[kPelvis]);
    const Vec2 above_com = l5s1 + model.pelvis_above_l5s1.com_along * unit(data.phi[kPelvis]);
    const double m_trunk = model.segments[kTrunk].mass, m_arm = model.segments[kArm].mass,
                 m_above = model.pelvis_above_l5s1.mass;
    const double g = model.gravity;
    const double weight = g * (m_trunk + m_arm + model.bar_mass + m_above);
    const double moment =
        g *
        (m_trunk * (data.com[kTrunk].x() - l5s1.x()) + m_arm * (data.com[kArm].x() - l5s1.x()) +
         model.bar_mass * (data.landmark[5].x() - l5s1.x()) + m_above * (above_com.x() - l5s1.x()));
    EXPECT_NEAR(loads.l5s1.moment, moment, test::kRoundOff * std::abs(moment));
    EXPECT_NEAR(loads.l5s1.force_W.x(), 0.0, test::kRoundOff * weight);
    EXPECT_NEAR(loads.l5s1.force_W.y(), weight, test::kRoundOff * weight);
  }
  // the L5 vertebra's 4 cm, scaled with stature, and the pelvis above it about 2 kg
  EXPECT_NEAR(model.l5s1_below_l4l5, 0.040, 0.001);
  EXPECT_NEAR(model.pelvis_above_l5s1.mass, model.segments[kPelvis].mass * 0.040 / 0.146, 0.1);
}

// Upright with the pelvis and trunk vertical, the upper body's weight W stands on a disc tilted
// by the sacral slope less half its wedge: compression W cos t plus the extensor's pull, shear
// W sin t; and the extensor, pressure and passive tissue make the moment.
TEST(L5S1, DiscLoadsBalanceByHand) {
  const Model model = make_model(test::average_male(), 100.0);
  const SpineParameters& spine = model.spine;
  const double tilt = (39.5 - 0.5 * 21.6) * kDegToRad;
  EXPECT_NEAR(spine.l5s1_disc_tilt, tilt, 1e-12);
  const double up = std::numbers::pi / 2, weight = 1500.0, moment = 90.0;
  const L4L5Loads l4l5 = l4l5_loads(spine, {}, up, up, Vec2(0, weight), moment);
  const L5S1Loads l5s1 = l5s1_loads(spine, {}, up, up, Vec2(0, weight), moment, l4l5);
  const double extensor = moment / 0.06;
  EXPECT_NEAR(l5s1.extensor_force, extensor, 1e-9);
  EXPECT_NEAR(l5s1.compression, weight * std::cos(tilt) + extensor, 1e-9);
  EXPECT_NEAR(l5s1.shear, weight * std::sin(tilt), 1e-9);

  // flexed 30 deg in the lumbar spine, braced, with pressure: the moments still balance, and
  // the disc turns by half of L5-S1's share of the flexion
  SpineInputs inputs{.iap_pa = 10e3, .fascicles = true, .bracing = 1.0};
  const double pelvis = 50 * kDegToRad, trunk = 20 * kDegToRad;
  const Vec2 force(200.0, 2500.0);
  const L4L5Loads braced4 = l4l5_loads(spine, inputs, pelvis, trunk, force, 400.0);
  const L5S1Loads braced5 = l5s1_loads(spine, inputs, pelvis, trunk, force, 450.0, braced4);
  EXPECT_NEAR(braced5.disc_angle, pelvis - tilt - 0.5 * 0.2 * (pelvis - trunk), 1e-12);
  const MuscleGeometry geometry =
      muscle_geometry(spine.muscles, (pelvis - trunk) / spine.lumbar_flexion_range);
  double flexor_moment = 0, flexor_pull = 0;
  for (int i = 0; i < kNumMuscleGroups; ++i) {
    if (geometry.line[i].moment_arm >= 0) continue;
    flexor_moment += geometry.line[i].moment_arm * braced4.muscle_force[i];
    flexor_pull -= geometry.line[i].pull_compression * braced4.muscle_force[i];
  }
  EXPECT_LT(flexor_moment, -10.0);  // the brace's abdominals pull
  EXPECT_NEAR(
      braced5.extensor_force * 0.06 + flexor_moment + braced4.passive_moment + braced4.iap_moment,
      450.0, 1e-9);
  const Vec2 e_c = unit(braced5.disc_angle);
  EXPECT_NEAR(braced5.compression,
              force.dot(e_c) + braced5.extensor_force + flexor_pull +
                  braced4.passive_moment / spine.passive_moment_arm - braced4.iap_force,
              1e-9);
  // a brace costs compression at L5-S1 as at L4-L5
  const L4L5Loads relaxed4 =
      l4l5_loads(spine, {.iap_pa = 10e3, .fascicles = true}, pelvis, trunk, force, 400.0);
  const L5S1Loads relaxed5 =
      l5s1_loads(spine, {.iap_pa = 10e3, .fascicles = true}, pelvis, trunk, force, 450.0, relaxed4);
  EXPECT_GT(braced5.compression, relaxed5.compression + 500.0);
}

// In a pull, L5-S1 carries more moment than L4-L5: the load's lever about it is longer by the
// L5 vertebra's forward lean; a failed lift's L5-S1 peaks end where the bar was highest, as the
// L4-L5 ones do, and nothing lifted reports none.
TEST(L5S1, PullPeaks) {
  const Result r = simulate(test::average_male(), spineload::Setup{});
  ASSERT_TRUE(r.summary.completed);
  const Summary& s = r.summary;
  EXPECT_GT(s.peak_l5s1_moment.value, 1.05 * s.peak_moment.value);
  EXPECT_LT(s.peak_l5s1_moment.value, 1.20 * s.peak_moment.value);
  // the extensor carries most of both discs' compression: within 10% of each other
  EXPECT_NEAR(s.peak_l5s1_compression.value, s.peak_compression.value,
              0.1 * s.peak_compression.value);
  EXPECT_GT(s.peak_l5s1_anterior_shear.value, s.peak_anterior_shear.value);
  spineload::Setup heavy;
  heavy.load = 400.0;
  const Result none = simulate(test::average_male(), heavy);
  ASSERT_FALSE(none.summary.completed);
  EXPECT_TRUE(std::isnan(none.summary.peak_l5s1_moment.value));
  EXPECT_TRUE(std::isnan(none.summary.peak_l5s1_anterior_shear.value));
}

}  // namespace
}  // namespace spineload
