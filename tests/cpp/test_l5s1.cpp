// L5-S1 one vertebra below L4-L5 (docs/model.md 6.10): its net load from above equals the one
// from the ground up, it is worked by hand in a static posture, and its disc loads balance.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

#include "detail/angles.hpp"
#include "spineload/dynamics.hpp"
#include "spineload/kinematics.hpp"
#include "spineload/loads.hpp"
#include "spineload/simulate.hpp"
#include "test_helpers.hpp"

namespace spineload {
namespace {

using detail::kDegToRad;

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
// Also for a woman, and with L4-L5 moved as low as it goes (the pelvis below L5-S1 keeps its
// centre of mass on its segment).
TEST(L5S1, LoadFromAboveEqualsTheOneFromTheGroundUp) {
  Lifter low = test::average_male();
  low.l4l5_fraction = 0.1;
  Lifter woman = test::average_male();
  woman.sex = "female";
  for (const Lifter& lifter : {test::average_male(), woman, low}) {
    const Model model = make_model(lifter, 140.0);
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
      const Vec2 below_com =
          (pelvis.mass * data.com[kPelvis] - above.mass * above_com) / below_mass;
      const double below_inertia = pelvis.inertia - above.inertia -
                                   above.mass * (above_com - data.com[kPelvis]).squaredNorm() -
                                   below_mass * (below_com - data.com[kPelvis]).squaredNorm();
      ASSERT_GT(below_inertia, 0.0);
      const double below_along = (below_com - hip).dot(along);  // m from the hip
      ASSERT_GE(below_along, 0.0);
      ASSERT_LE(below_along, (l5s1 - hip).norm());
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
// W sin t; abdominal pressure and a flexed posture worked the same way.
TEST(L5S1, DiscLoadsByHand) {
  const Model model = make_model(test::average_male(), 100.0);
  const SpineParameters& spine = model.spine;
  const double tilt = (39.5 - 0.5 * 21.6) * kDegToRad;
  EXPECT_NEAR(spine.l5s1_disc_tilt, tilt, 1e-12);
  const double up = std::numbers::pi / 2, weight = 1500.0, moment = 90.0;
  const Vec2 offset(0.0, model.l5s1_below_l4l5);  // L4-L5 straight above L5-S1
  const L4L5Loads l4l5 = l4l5_loads(spine, {}, up, up, Vec2(0, weight), moment);
  const L5S1Loads l5s1 = l5s1_loads(spine, up, up, Vec2(0, weight), moment, l4l5, offset);
  const double extensor = moment / 0.06;
  EXPECT_NEAR(l5s1.extensor_force, extensor, 1e-9);
  EXPECT_NEAR(l5s1.compression, weight * std::cos(tilt) + extensor, 1e-9);  // 2815.7 N
  EXPECT_NEAR(l5s1.shear, weight * std::sin(tilt), 1e-9);                   // 720.3 N
  // the lifter's extensor moment arm serves both discs
  Lifter narrow = test::average_male();
  narrow.extensor_moment_arm = 0.04;
  const Model narrow_model = make_model(narrow, 100.0);
  const L4L5Loads narrow4 = l4l5_loads(narrow_model.spine, {}, up, up, Vec2(0, weight), moment);
  EXPECT_NEAR(l5s1_loads(narrow_model.spine, up, up, Vec2(0, weight), moment, narrow4, offset)
                  .extensor_force,
              moment / 0.04, 1e-9);
  // 10 kPa on 0.0465 m^2 pushes the body above up along the (vertical) L4-L5 axis, 0.05 m in
  // front: on the tilted disc it takes F cos t off the compression and F sin t off the shear
  const SpineInputs pressure{.iap_pa = 10e3};
  const double lift = 465.0, extensor_left = (moment - lift * 0.05) / 0.06;
  const L4L5Loads pressed4 = l4l5_loads(spine, pressure, up, up, Vec2(0, weight), moment);
  const L5S1Loads pressed5 = l5s1_loads(spine, up, up, Vec2(0, weight), moment, pressed4, offset);
  EXPECT_NEAR(pressed5.compression, (weight - lift) * std::cos(tilt) + extensor_left, 1e-9);
  EXPECT_NEAR(pressed5.shear, (weight - lift) * std::sin(tilt), 1e-9);
  // flexed (pelvis 50 deg, trunk 20 deg): the pressure's line, on the L4-L5 axis at 35 deg,
  // passes L5-S1 (0.04 m down the pelvis line) at a further h sin(35 - 50 deg), which the
  // extensor must make up
  const double pelvis = 50 * kDegToRad, trunk = 20 * kDegToRad, h = model.l5s1_below_l4l5;
  const L4L5Loads flexed4 = l4l5_loads(spine, pressure, pelvis, trunk, Vec2(0, weight), moment);
  const L5S1Loads flexed5 =
      l5s1_loads(spine, pelvis, trunk, Vec2(0, weight), moment, flexed4, h * unit(pelvis));
  const double arm_about_l5s1 = 0.05 + h * std::sin(-15 * kDegToRad);
  EXPECT_NEAR(flexed5.extensor_force,
              (moment - lift * arm_about_l5s1 - passive_moment(spine, 30 * kDegToRad)) / 0.06,
              1e-9);
}

// Two formulations that must agree where their geometry coincides: with the L5-S1 disc on the
// L4-L5 disc's axes, no distance between them and the L4-L5 extensor groups pulling along the
// axis at the equivalent extensor's moment arm, L5-S1's one extensor plus the forces that cross
// both discs (pressure, braced abdominals) gives L4-L5's muscle-group compression and shear.
TEST(L5S1, AgreesWithTheMuscleGroupsWhereTheGeometryCoincides) {
  const Model model = make_model(test::average_male(), 100.0);
  SpineParameters spine = model.spine;
  spine.l5s1_disc_tilt = 0.0;
  spine.l5s1_flexion_share = 1.0;  // the disc turns by half the lumbar flexion, as L4-L5's does
  for (int i = 0; i < kNumMuscleGroups; ++i) {
    for (MuscleLine& line : spine.muscles.line[i]) {
      if (line.moment_arm <= 0) {
        line.pull_shear = 0.2;  // an abdominal line with a shear part, to follow it through
        continue;
      }
      spine.extensor_moment_arm = line.moment_arm;  // all extensor groups share one arm
      line.pull_compression = -1.0;
      line.pull_shear = 0.0;
    }
  }
  const double pelvis = 50 * kDegToRad, trunk = 20 * kDegToRad;
  const Vec2 force(200.0, 2500.0);
  for (const double bracing : {0.0, 0.5, 1.0}) {
    const SpineInputs inputs{.iap_pa = 10e3, .fascicles = true, .bracing = bracing};
    const L4L5Loads l4l5 = l4l5_loads(spine, inputs, pelvis, trunk, force, 400.0);
    const L5S1Loads l5s1 = l5s1_loads(spine, pelvis, trunk, force, 400.0, l4l5, {0, 0});
    EXPECT_NEAR(l5s1.disc_angle, l4l5.disc_angle, 1e-12);
    EXPECT_NEAR(l5s1.extensor_force, l4l5.extensor_force, 1e-9 * l4l5.extensor_force);
    EXPECT_NEAR(l5s1.compression, l4l5.compression, 1e-9 * l4l5.compression) << bracing;
    EXPECT_NEAR(l5s1.shear, l4l5.shear, 1e-9 * std::abs(l4l5.compression)) << bracing;
  }
  // a brace costs compression at L5-S1 as at L4-L5 (the full model)
  const SpineInputs relaxed{.iap_pa = 10e3, .fascicles = true};
  SpineInputs braced = relaxed;
  braced.bracing = 1.0;
  const Vec2 offset = model.l5s1_below_l4l5 * unit(pelvis);
  auto at_l5s1 = [&](const SpineInputs& inputs) {
    const L4L5Loads l4l5 = l4l5_loads(model.spine, inputs, pelvis, trunk, force, 400.0);
    return l5s1_loads(model.spine, pelvis, trunk, force, 450.0, l4l5, offset);
  };
  EXPECT_GT(at_l5s1(braced).compression, at_l5s1(relaxed).compression + 500.0);
  EXPECT_NEAR(at_l5s1(relaxed).disc_angle,
              pelvis - model.spine.l5s1_disc_tilt - 0.5 * 0.2 * (pelvis - trunk), 1e-12);
}

// In a pull, L5-S1 carries more moment than L4-L5: the load's lever about it is longer by the
// L5 vertebra's forward lean; a failed lift's L5-S1 peaks are those of its recorded samples,
// which end where the bar was highest, and nothing lifted reports none.
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
  spineload::Setup drifting;
  drifting.load = 125.0;
  drifting.bar_drift = 0.10;
  const Result failed = simulate(test::average_male(), drifting);
  ASSERT_FALSE(failed.summary.completed);
  const auto& moment = failed.channel(Channel::kL5S1Moment);
  const auto& compression = failed.channel(Channel::kL5S1Compression);
  EXPECT_EQ(failed.summary.peak_l5s1_moment.value,
            moment[test::peak_sample(moment, failed.samples)]);
  EXPECT_EQ(failed.summary.peak_l5s1_compression.value,
            compression[test::peak_sample(compression, failed.samples)]);
  spineload::Setup heavy;
  heavy.load = 400.0;
  const Result none = simulate(test::average_male(), heavy);
  ASSERT_FALSE(none.summary.completed);
  EXPECT_TRUE(std::isnan(none.summary.peak_l5s1_moment.value));
  EXPECT_TRUE(std::isnan(none.summary.peak_l5s1_anterior_shear.value));
}

}  // namespace
}  // namespace spineload
