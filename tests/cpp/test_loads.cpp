// Loads of a state: loads.hpp. A pure function of (q, qdot, qddot): fed the states a simulated
// pull recorded, it returns the loads the pull recorded, and its ground reaction balances the
// body's weight at rest.
#include <gtest/gtest.h>

#include "spineload/loads.hpp"
#include "spineload/reference.hpp"
#include "spineload/simulate.hpp"
#include "test_helpers.hpp"

namespace spineload {
namespace {

constexpr double kSameLoads = 1e-9;  // relative: the same arithmetic up to round-off

Vec5 row_of(const Result& r, Channel c, std::size_t k) {
  return Eigen::Map<const Vec5>(r.channel(c).data() + 5 * k);
}

TEST(Loads, ReproduceTheRecordedPullSampleBySample) {
  spineload::Setup setup;
  setup.iap_kpa = 10.0;
  setup.lumbar_flexion_deg = 15.0;
  setup.trunk_angle_deg = 26.0;
  const Result r = simulate(test::average_male(), setup);
  ASSERT_TRUE(r.summary.completed) << r.summary.status;
  const Model model = make_model(r.lifter, setup.load);
  Data data;
  for (std::size_t k = 0; k < r.samples; k += 10) {
    const StateLoads loads =
        loads_of_state(model, data, row_of(r, Channel::kQ, k), row_of(r, Channel::kQdot, k),
                       row_of(r, Channel::kQddot, k), Vec2::Zero(), spine_inputs(setup));
    auto near = [&](double ours, double recorded) {
      EXPECT_NEAR(ours, recorded, kSameLoads * (1.0 + std::abs(recorded))) << "sample " << k;
    };
    near(loads.l4l5.moment, r.channel(Channel::kMoment)[k]);
    near(loads.l4l5.compression, r.channel(Channel::kCompression)[k]);
    near(loads.l4l5.shear, r.channel(Channel::kShear)[k]);
    near(loads.l4l5.iap_force, r.channel(Channel::kIapForce)[k]);
    near(loads.ground.cop_x, r.channel(Channel::kCop)[k]);
    for (int j = 0; j < kNumJoints; ++j) near(loads.tau[j], row_of(r, Channel::kTau, k)[j]);
  }
}

TEST(Loads, AtRestTheGroundCarriesTheWeight) {
  const Model model = make_model(test::average_male(), 60.0);
  spineload::Setup setup;
  setup.load = 60.0;
  const ReferenceMotion plan = make_reference(model, setup);
  Data data;
  const StateLoads loads = loads_of_state(model, data, plan.start.q, Vec5::Zero(), Vec5::Zero(),
                                          Vec2::Zero(), spine_inputs(setup));
  const double weight = model.gravity * (model.body_mass + model.bar_mass);
  EXPECT_NEAR(loads.ground.force_W.y(), weight, weight * test::kRoundOff);
  EXPECT_NEAR(loads.ground.force_W.x(), 0.0, weight * test::kRoundOff);
  // the start posture balances the centre of mass over the balance point
  EXPECT_NEAR(loads.ground.cop_x, setup.balance_point, 1e-9);
}

}  // namespace
}  // namespace spineload
