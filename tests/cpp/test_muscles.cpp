// The lumbar muscle groups: muscles.hpp and the fascicle branch of spine.hpp (docs/model.md
// 6.5-6.8). The load sharing is checked against its optimality conditions and against
// perturbations; a whole pull against moment equilibrium and the groups' capacities.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "spineload/muscles.hpp"
#include "spineload/simulate.hpp"
#include "spineload/spine.hpp"
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

// The tabulated geometry: the nodes exactly, linear between, held beyond full flexion and in
// extension.
TEST(Muscles, GeometryInterpolatesTheTable) {
  const Model model = make_model(test::average_male());
  const MuscleParameters& m = model.spine.muscles;
  const MuscleGeometry at_node = muscle_geometry(m, m.flexion[2]);
  const MuscleGeometry between = muscle_geometry(m, 0.5 * (m.flexion[2] + m.flexion[3]));
  for (int i = 0; i < kNumMuscleGroups; ++i) {
    EXPECT_DOUBLE_EQ(at_node.line[i].moment_arm, m.line[i][2].moment_arm);
    EXPECT_NEAR(between.line[i].pull_shear,
                0.5 * (m.line[i][2].pull_shear + m.line[i][3].pull_shear), 1e-12);
  }
  EXPECT_DOUBLE_EQ(muscle_geometry(m, 1.4).lordosis, m.lordosis.back());
  EXPECT_DOUBLE_EQ(muscle_geometry(m, -0.3).lordosis, m.lordosis.front());
  // fully active at neutral, the extensors make the lumbar strength and the flexors 0.42 of it
  double extension = 0, flexion = 0;
  for (int i = 0; i < kNumMuscleGroups; ++i) {
    const double moment = m.line[i][0].moment_arm * m.max_force[i];
    (moment > 0 ? extension : flexion) += std::abs(moment);
  }
  EXPECT_NEAR(extension, model.torque_max[kTrunk], 1e-9 * extension);
  EXPECT_NEAR(flexion, 0.42 * model.torque_max[kTrunk], 1e-9 * extension);
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
TEST(Muscles, EverySampleIsInEquilibriumWithinCapacity) {
  spineload::Setup setup = fascicle_setup(0.5);
  setup.iap_kpa = 10;
  setup.lumbar_flexion_deg = 20;
  const Result r = simulate(test::average_male(), setup);
  ASSERT_TRUE(r.summary.completed) << r.summary.status;
  const Model model = make_model(r.lifter, setup.load);
  const SpineInputs inputs = spine_inputs(setup);
  const auto& forces = r.channel(Channel::kMuscles);
  for (std::size_t k = 0; k < r.samples; ++k) {
    const double net = r.channel(Channel::kMoment)[k];
    const double muscle = r.channel(Channel::kMuscleMoment)[k];
    const double iap = inputs.iap_pa * model.spine.iap_area * model.spine.iap_moment_arm;
    EXPECT_NEAR(muscle + r.channel(Channel::kPassiveMoment)[k] + iap, net,
                1e-9 * (1 + std::abs(net)));
    const double flexion = r.channel(Channel::kQ)[5 * k + kTrunk];
    const MuscleGeometry g =
        muscle_geometry(model.spine.muscles, flexion / model.spine.lumbar_flexion_range);
    double sum = 0;
    for (int i = 0; i < kNumMuscleGroups; ++i) {
      const double f = forces[kNumMuscleGroups * k + i];
      sum += g.line[i].moment_arm * f;
      EXPECT_LE(f, model.spine.muscles.max_force[i] * (1 + 1e-12)) << kMuscleGroupNames[i];
    }
    EXPECT_NEAR(sum, muscle, 1e-9 * (1 + std::abs(muscle))) << "sample " << k;
  }
  EXPECT_LE(r.summary.peak_activation, 1.0);
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
