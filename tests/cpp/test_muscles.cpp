// The lumbar muscle groups: muscles.hpp and the fascicle branch of spine.hpp (docs/model.md
// 6.5-6.8). The load sharing is checked against its optimality conditions and against
// perturbations; a whole pull against moment equilibrium and the groups' capacities.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

#include "spineload/config.hpp"
#include "spineload/kinematics.hpp"
#include "spineload/muscles.hpp"
#include "spineload/simulate.hpp"
#include "spineload/spine.hpp"
#include "spineload/strength.hpp"
#include "test_helpers.hpp"

namespace spineload {
namespace {

double cubed_activations(const MuscleArray& force, const MuscleArray& max_force) {
  double sum = 0;
  for (int i = 0; i < kNumMuscleGroups; ++i) sum += std::pow(force[i] / max_force[i], 3);
  return sum;
}

double moment_of(const MuscleArray& arm, const MuscleArray& force) {
  double sum = 0;
  for (int i = 0; i < kNumMuscleGroups; ++i) sum += arm[i] * force[i];
  return sum;
}

// Random problems, extension and flexion, with and without floors: the share makes the moment
// asked, keeps every activation in [floor, 1], and is optimal - the groups pulling the needed
// way that are strictly inside their bounds have activation / sqrt(r F) equal (the Lagrange
// condition of min sum a^3), those at a floor would have wanted less, those at 1 more, the
// others rest at their floors; and moving moment between any two groups while keeping the
// total never lowers the sum of cubed activations.
TEST(Muscles, ShareIsTheLeastCubedActivationThatMakesTheMoment) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> arm_of(-0.08, 0.07), force_of(200, 3000), unit(0, 1);
  for (int trial = 0; trial < 400; ++trial) {
    MuscleArray arm{}, max_force{}, floor{};
    double most = 0, least = 0, floors = 0;  // the moments possible within [floor, 1]
    for (int i = 0; i < kNumMuscleGroups; ++i) {
      arm[i] = arm_of(rng);
      max_force[i] = force_of(rng);
      floor[i] = trial % 2 ? 0.3 * unit(rng) : 0.0;
      const double full = arm[i] * max_force[i], rest = full * floor[i];
      most += arm[i] > 0 ? full : rest;
      least += arm[i] > 0 ? rest : full;
      floors += rest;
    }
    const double moment = floors + unit(rng) * (unit(rng) < 0.7 ? most - floors : least - floors);
    const MuscleShare share = share_muscle_moment(arm, max_force, floor, moment);
    ASSERT_NEAR(moment_of(arm, share.force), moment, 1e-9 * (1 + std::abs(moment)));
    const double side = moment >= floors ? 1.0 : -1.0;
    double c = -1;  // activation / sqrt(r F) of the free pulling groups
    for (int i = 0; i < kNumMuscleGroups; ++i) {
      const double a = share.force[i] / max_force[i];
      ASSERT_GE(a, floor[i] - 1e-12);
      ASSERT_LE(a, 1.0 + 1e-12);
      const double r = side * arm[i];
      if (r <= 0) {
        EXPECT_NEAR(a, floor[i], 1e-12) << "a group pulling the wrong way rests";
        continue;
      }
      const double ratio = a / std::sqrt(r * max_force[i]);
      if (a > floor[i] + 1e-9 && a < 1.0 - 1e-9) {
        if (c < 0) c = ratio;
        EXPECT_NEAR(ratio, c, 1e-9 * c) << "trial " << trial << " group " << i;
      }
    }
    for (int i = 0; c > 0 && i < kNumMuscleGroups; ++i) {
      const double r = side * arm[i];
      if (r <= 0) continue;
      const double a = share.force[i] / max_force[i];
      if (a <= floor[i] + 1e-9) {
        EXPECT_GE(floor[i], c * std::sqrt(r * max_force[i]) - 1e-9);
      }
      if (a >= 1.0 - 1e-9) {
        EXPECT_LE(1.0, c * std::sqrt(r * max_force[i]) + 1e-9);
      }
    }
    // moment-neutral perturbations between pairs of groups
    const double best = cubed_activations(share.force, max_force);
    for (int i = 0; i < kNumMuscleGroups; ++i) {
      for (int j = 0; j < kNumMuscleGroups; ++j) {
        if (i == j || arm[i] == 0 || arm[j] == 0) continue;
        MuscleArray moved = share.force;
        const double df = 1e-3 * max_force[i];
        moved[i] += df;
        moved[j] -= df * arm[i] / arm[j];
        bool inside = true;
        for (int k : {i, j}) {
          const double a = moved[k] / max_force[k];
          inside = inside && a >= floor[k] && a <= 1.0;
        }
        if (inside) {
          EXPECT_GE(cubed_activations(moved, max_force), best - 1e-12);
        }
      }
    }
  }
}

// Beyond capacity the pulling groups share the rest in proportion and the activation says so.
TEST(Muscles, BeyondCapacityTheActivationExceedsOne) {
  MuscleArray arm{}, max_force{}, floor{};
  arm.fill(0.05);
  max_force.fill(1000.0);
  const MuscleShare share =
      share_muscle_moment(arm, max_force, floor, 1.5 * kNumMuscleGroups * 50.0);
  EXPECT_NEAR(share.peak_activation, 1.5, 1e-12);
  EXPECT_NEAR(moment_of(arm, share.force), 1.5 * kNumMuscleGroups * 50.0, 1e-9);
}

// The tabulated geometry, on a table whose every entry differs: the nodes exactly, linear
// inside every interval, held beyond full flexion and in extension. And the built table:
// fully active at neutral, the extensors make the lumbar strength and the flexors 0.42 of it.
TEST(Muscles, GeometryInterpolatesTheTable) {
  MuscleParameters m;
  m.flexion = {0.0, 0.25, 0.5, 0.75, 1.0};
  for (int k = 0; k < kNumFlexionNodes; ++k) {
    m.lordosis[k] = 0.01 * (k + 1) * (k + 2);  // not linear across nodes
    for (int i = 0; i < kNumMuscleGroups; ++i) {
      m.line[i][k] = {0.01 * (i + 1) + 0.003 * k * k, -1.0 + 0.02 * k, 0.05 * k - 0.01 * i};
    }
  }
  for (int k = 0; k < kNumFlexionNodes; ++k) {
    EXPECT_DOUBLE_EQ(muscle_geometry(m, m.flexion[k]).lordosis, m.lordosis[k]);
    EXPECT_DOUBLE_EQ(muscle_geometry(m, m.flexion[k]).line[3].moment_arm, m.line[3][k].moment_arm);
    if (k + 1 == kNumFlexionNodes) break;
    for (double w : {0.1, 0.5, 0.9}) {
      const double f = m.flexion[k] + w * (m.flexion[k + 1] - m.flexion[k]);
      const MuscleGeometry g = muscle_geometry(m, f);
      EXPECT_NEAR(g.lordosis, m.lordosis[k] + w * (m.lordosis[k + 1] - m.lordosis[k]), 1e-12);
      for (int i = 0; i < kNumMuscleGroups; ++i) {
        const MuscleLine &a = m.line[i][k], &b = m.line[i][k + 1];
        EXPECT_NEAR(g.line[i].moment_arm, a.moment_arm + w * (b.moment_arm - a.moment_arm), 1e-12);
        EXPECT_NEAR(g.line[i].pull_shear, a.pull_shear + w * (b.pull_shear - a.pull_shear), 1e-12);
        EXPECT_NEAR(g.line[i].pull_compression,
                    a.pull_compression + w * (b.pull_compression - a.pull_compression), 1e-12);
      }
    }
  }
  EXPECT_DOUBLE_EQ(muscle_geometry(m, 1.4).lordosis, m.lordosis.back());
  EXPECT_DOUBLE_EQ(muscle_geometry(m, -0.3).lordosis, m.lordosis.front());

  const Model model = make_model(test::average_male());
  const MuscleParameters& built = model.spine.muscles;
  double extension = 0, flexion = 0;
  for (int i = 0; i < kNumMuscleGroups; ++i) {
    const double moment = built.line[i][0].moment_arm * built.max_force[i];
    (moment > 0 ? extension : flexion) += std::abs(moment);
  }
  EXPECT_NEAR(extension, model.torque_max[kTrunk], 1e-9 * extension);
  EXPECT_NEAR(flexion, 0.42 * model.torque_max[kTrunk], 1e-9 * extension);
}

// The disc load adds each group's pull along its own line, worked out by hand for a braced,
// rounded, pressurised state: compression = f . e_c + F_p - F_iap + sum F_i along_i cos b_i,
// shear = -f . e_s - sum F_i along_i sin b_i, on the disc axes of eq. 6.1. A wrong sign on
// any group's term (the abdominals' included) fails here.
TEST(Muscles, DiscLoadsAddEachGroupsPullAlongItsLine) {
  const Model model = make_model(test::average_male());
  const SpineParameters& spine = model.spine;
  const SpineInputs inputs{.iap_pa = 8000.0, .fascicles = true, .bracing = 0.8};
  const double pelvis = 0.9, flexion = 0.4, trunk = pelvis - flexion;  // rad
  const Vec2 net(250.0, 1900.0);
  const double moment = 380.0;
  const L4L5Loads out = l4l5_loads(spine, inputs, pelvis, trunk, net, moment);
  const MuscleGeometry g = muscle_geometry(spine.muscles, flexion / spine.lumbar_flexion_range);
  const double disc = 0.5 * (pelvis + trunk) - g.lordosis;
  const Vec2 e_c(std::cos(disc), std::sin(disc)), e_s(e_c.y(), -e_c.x());
  double compression =
      net.dot(e_c) + out.passive_moment / spine.passive_moment_arm - inputs.iap_pa * spine.iap_area;
  double shear = -net.dot(e_s), muscle = 0;
  for (int i = 0; i < kNumMuscleGroups; ++i) {
    compression -= out.muscle_force[i] * g.line[i].pull_compression;
    shear += out.muscle_force[i] * g.line[i].pull_shear;
    muscle += out.muscle_force[i] * g.line[i].moment_arm;
  }
  EXPECT_NEAR(out.compression, compression, 1e-9 * compression);
  EXPECT_NEAR(out.shear, shear, 1e-9 * std::abs(compression));
  EXPECT_NEAR(muscle + out.passive_moment + out.iap_moment, moment, 1e-9 * moment);
  // the abdominals are braced, and they press the disc
  for (int i : {3, 4, 5}) {
    EXPECT_GT(out.muscle_force[i], 0.0) << kMuscleGroupNames[i];
    EXPECT_LT(g.line[i].pull_compression, 0.0) << kMuscleGroupNames[i];
  }
}

// A brace makes its own pressure (eq. 6.11): upright and unflexed, the obliques' braced pulls
// (internal 60%, external 27% of their maximum; 45 deg fibres, so sqrt(1 - 0.71^2) of each runs
// round the trunk) are the hoop tension of one side of a cylinder of the diaphragm's area
// (radius sqrt(0.0465 / pi)) and the lumbar spine's height (0.2 m): p = hoop / (r h), about
// 20 kPa, by hand. Half a brace makes half of it; an explicit iap_kpa replaces it.
TEST(Muscles, ABraceMakesItsOwnPressureByLaplacesLaw) {
  const Model model = make_model(test::average_male());
  const SpineParameters& spine = model.spine;
  const MuscleParameters& m = spine.muscles;
  const double round = std::sqrt(1.0 - 0.71 * 0.71);
  const double hoop = 0.5 * round * (0.60 * m.max_force[5] + 0.27 * m.max_force[4]);  // N
  const double radius = std::sqrt(0.0465 / std::numbers::pi), height = 0.200;
  const double pressure = hoop / (radius * height);  // Pa
  EXPECT_NEAR(pressure, 20.4e3, 0.1e3);
  const double up = std::numbers::pi / 2;
  auto iap_force = [&](double bracing, double iap_pa) {
    const SpineInputs inputs{.iap_pa = iap_pa, .fascicles = true, .bracing = bracing};
    return l4l5_loads(spine, inputs, up, up, Vec2(0, 1500), 200.0).iap_force;
  };
  EXPECT_NEAR(iap_force(1.0, 0.0), pressure * 0.0465, 1e-9 * pressure);
  EXPECT_NEAR(iap_force(0.5, 0.0), 0.5 * pressure * 0.0465, 1e-9 * pressure);
  EXPECT_EQ(iap_force(0.0, 0.0), 0.0);
  EXPECT_NEAR(iap_force(1.0, 10e3), 465.0, 1e-9);  // the explicit pressure
  // flexed 40 deg: the abdominals' strength does not follow the extensors' torque-angle curve,
  // so the pressure is the same
  const SpineInputs braced{.fascicles = true, .bracing = 1.0};
  const double flexed = 40 * std::numbers::pi / 180;
  EXPECT_NEAR(l4l5_loads(spine, braced, up, up - flexed, Vec2(0, 1500), 200.0).iap_force,
              pressure * 0.0465, 1e-9 * pressure);
  // a strong lifter's abdominals press harder, and are held at 40 kPa
  const Model strong = make_model(load_lifter("heavy_male_lifter"));
  const double strong_hoop =
      0.5 * round *
      (0.60 * strong.spine.muscles.max_force[5] + 0.27 * strong.spine.muscles.max_force[4]);
  const double strong_radius = std::sqrt(strong.spine.iap_area / std::numbers::pi);
  EXPECT_GT(strong_hoop / (strong_radius * strong.spine.abdominal_wall_height), 40e3);
  EXPECT_NEAR(l4l5_loads(strong.spine, braced, up, up, Vec2(0, 1500), 200.0).iap_force,
              40e3 * strong.spine.iap_area, 1e-9);
  // the pressure comes from the forces the groups end with, not only their floors: where the
  // net moment is a flexion one, the obliques are recruited and press harder, by hand from the
  // forces solved, and the moments still balance
  for (const double moment : {-30.0, -150.0}) {
    const L4L5Loads flexing = l4l5_loads(spine, braced, up, up, Vec2(0, 1500), moment);
    const MuscleArray& f = flexing.muscle_force;
    EXPECT_GT(f[5] + f[4], (0.60 * m.max_force[5] + 0.27 * m.max_force[4]) * 1.01);  // recruited
    const double by_hand = 0.5 * round * (f[4] + f[5]) / (radius * height);
    EXPECT_GT(by_hand, pressure);
    EXPECT_EQ(by_hand < 40e3, moment == -30.0) << moment;  // one case each side of the cap
    // below 40 kPa the pressure is the pull's; above, it is held at 40 kPa while they pull more
    EXPECT_NEAR(flexing.iap_force, std::min(by_hand, 40e3) * 0.0465, 1e-9 * by_hand) << moment;
    EXPECT_NEAR(flexing.muscle_moment + flexing.iap_moment + flexing.passive_moment, moment, 1e-9);
  }
}

// The passive tissues' stiffness is the derivative of their moment (central differences).
TEST(Muscles, PassiveStiffnessIsTheMomentsDerivative) {
  const SpineParameters spine = make_model(test::average_male()).spine;
  for (double flexion : {0.1, 0.4, 0.7, 0.9}) {
    const double h = 1e-6;
    const double numeric =
        (passive_moment(spine, flexion + h) - passive_moment(spine, flexion - h)) / (2 * h);
    EXPECT_NEAR(passive_stiffness(spine, flexion), numeric, 1e-5 * numeric);
  }
  EXPECT_EQ(passive_stiffness(spine, -0.1), 0.0);
}

spineload::Setup fascicle_setup(double bracing = 0.0) {
  spineload::Setup setup;
  setup.spine_model = "fascicles";
  setup.bracing = bracing;
  return setup;
}

// A whole pull: at every sample the muscles, passive tissue and pressure make the net moment,
// the groups' moments make the muscles' (recomputed from the table at that sample's lumbar
// flexion), and no group exceeds its maximum.
// With an explicit pressure, and with the pressure the brace makes (iap_kpa 0: the recorded
// pressure force is then the brace's own, constant along a pull whose lumbar angle holds).
TEST(Muscles, EverySampleIsInEquilibriumWithinCapacity) {
  for (const double iap_kpa : {10.0, 0.0}) {
    spineload::Setup setup = fascicle_setup(0.5);
    setup.iap_kpa = iap_kpa;
    setup.lumbar_flexion_deg = 20;
    const Result r = simulate(test::average_male(), setup);
    ASSERT_TRUE(r.summary.completed) << r.summary.status;
    const Model model = make_model(r.lifter, setup.load);
    const SpineInputs inputs = spine_inputs(setup);
    const auto& forces = r.channel(Channel::kMuscles);
    const double brace_force = r.channel(Channel::kIapForce)[0];
    EXPECT_GT(brace_force, 200.0);  // N: 10 kPa either way, on 0.0465 m^2
    for (std::size_t k = 0; k < r.samples; ++k) {
      const double net = r.channel(Channel::kMoment)[k];
      const double muscle = r.channel(Channel::kMuscleMoment)[k];
      const double iap_force =
          iap_kpa > 0 ? inputs.iap_pa * model.spine.iap_area : r.channel(Channel::kIapForce)[k];
      EXPECT_NEAR(r.channel(Channel::kIapForce)[k], brace_force, 1e-9 * brace_force);
      const double iap = iap_force * model.spine.iap_moment_arm;
      EXPECT_NEAR(muscle + r.channel(Channel::kPassiveMoment)[k] + iap, net,
                  1e-9 * (1 + std::abs(net)));
      const double flexion = r.channel(Channel::kQ)[5 * k + kTrunk];
      const MuscleGeometry g =
          muscle_geometry(model.spine.muscles, flexion / model.spine.lumbar_flexion_range);
      double sum = 0;
      for (int i = 0; i < kNumMuscleGroups; ++i) {
        const double f = forces[kNumMuscleGroups * k + i];
        sum += g.line[i].moment_arm * f;
        // the maximum grows with flexion as lumbar strength does
        const double most =
            model.spine.muscles.max_force[i] * angle_factor(model.spine.lumbar_strength, flexion);
        EXPECT_LE(f, most * (1 + 1e-12)) << kMuscleGroupNames[i];
      }
      EXPECT_NEAR(sum, muscle, 1e-9 * (1 + std::abs(muscle))) << "sample " << k;
    }
    EXPECT_LE(r.summary.peak_activation, 1.0);
  }
}

// Without bracing only the extensor groups pull, all along the WATBAK line at one moment
// arm: the equivalent extensor given that moment arm carries the same load, in a rounded,
// pressurised pull sample by sample (the consistency check of issue 11), to 1 N + 1e-4 - the table
// interpolates the line's components linearly between its five flexion nodes, the
// equivalent its angle.
TEST(Muscles, WithoutBracingTheGroupsActLikeTheEquivalent) {
  spineload::Setup groups = fascicle_setup(0.0);
  groups.lumbar_flexion_deg = 30;
  groups.iap_kpa = 10;
  Lifter lifter = test::average_male();
  const Model model = make_model(lifter);
  lifter.extensor_moment_arm = model.spine.muscles.line[0][0].moment_arm;
  spineload::Setup equivalent = groups;
  equivalent.spine_model = "equivalent";
  const Result a = simulate(lifter, groups), b = simulate(lifter, equivalent);
  ASSERT_EQ(a.samples, b.samples);
  for (Channel c :
       {Channel::kCompression, Channel::kShear, Channel::kExtensorForce, Channel::kMuscleMoment}) {
    for (std::size_t k = 0; k < a.samples; ++k) {
      const double x = a.channel(c)[k], y = b.channel(c)[k];
      EXPECT_NEAR(x, y, 1.0 + 1e-4 * std::abs(y)) << channel_info(c).path << " sample " << k;
    }
  }
}

// Bracing as the body does it: the abdominals co-contract, the extensors must overcome them,
// so compression rises; the co-contraction stiffens the joint by more than it loads it.
TEST(Muscles, BracingCostsCompressionAndBuysStiffness) {
  const Summary relaxed = simulate(test::average_male(), fascicle_setup(0.0)).summary;
  const Summary braced = simulate(test::average_male(), fascicle_setup(1.0)).summary;
  ASSERT_TRUE(relaxed.completed && braced.completed);
  const double compression = braced.peak_compression.value / relaxed.peak_compression.value;
  const double stiffness = braced.min_stiffness.value / relaxed.min_stiffness.value;
  EXPECT_GT(compression, 1.0);
  EXPECT_GT(stiffness - 1.0, compression - 1.0);
  EXPECT_NEAR(braced.peak_moment.value, relaxed.peak_moment.value,
              1e-9 * relaxed.peak_moment.value);
}

// The stability index subtracts gravity's stiffness, worked from the posture by hand at every
// tenth sample: -g (m_trunk (y_com - y_L4L5) + (m_arm + m_bar) (y_shoulder - y_L4L5)). The
// upright lockout, the bar hanging from the shoulders, is the least stable instant; relaxed it
// needs active control there (< 0), a maximal brace holds it (> 0).
TEST(Muscles, StabilityIsStiffnessMinusGravityAboveL4L5) {
  const Lifter lifter = test::average_male();
  const Result relaxed = simulate(lifter, fascicle_setup(0.0));
  const Model model = make_model(lifter, relaxed.setup.load);
  Data data;
  for (std::size_t k = 0; k < relaxed.samples; k += 10) {
    forward_kinematics(model, data,
                       Eigen::Map<const Vec5>(relaxed.channel(Channel::kQ).data() + 5 * k));
    const double y = data.landmark[kTrunk].y();
    const double gravity =
        -model.gravity *
        (model.segments[kTrunk].mass * (data.com[kTrunk].y() - y) +
         (model.segments[kArm].mass + model.bar_mass) * (data.landmark[kArm].y() - y));
    EXPECT_NEAR(relaxed.channel(Channel::kStability)[k],
                relaxed.channel(Channel::kStiffness)[k] + gravity, 1e-9 * std::abs(gravity));
    EXPECT_LT(gravity, 0.0);
  }
  const Summary braced = simulate(lifter, fascicle_setup(1.0)).summary;
  EXPECT_NEAR(relaxed.summary.min_stability.time, relaxed.summary.lockout_time, 0.5);
  EXPECT_LT(relaxed.summary.min_stability.value, 0.0);
  EXPECT_GT(braced.min_stability.value, 0.0);
}

// Bracing needs the abdominal muscles: with the equivalent extensor it is refused by name.
TEST(Muscles, BracingWithoutFasciclesIsRefused) {
  spineload::Setup setup;
  setup.bracing = 0.5;
  EXPECT_THROW(
      {
        try {
          spine_inputs(setup);
        } catch (const InputError& e) {
          EXPECT_EQ(e.field(), "bracing");
          throw;
        }
      },
      InputError);
}

}  // namespace
}  // namespace spineload
