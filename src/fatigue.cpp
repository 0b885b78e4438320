// Muscle fatigue and recovery (docs/model.md 5.9).
#include "spineload/fatigue.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "detail/tables.hpp"

namespace spineload {

const FatigueModel& fatigue_model() {
  static const FatigueModel model = [] {
    const toml::table& table = detail::model_table("physiology/fatigue.toml");
    FatigueModel m;
    m.tracking = detail::table_number(table, "tracking_factor");
    for (int j = 0; j < kNumJoints; ++j) {
      const toml::table* joint = table[kJointNames[j]].as_table();
      if (!joint)
        throw std::logic_error(std::string("fatigue.toml has no [") + kJointNames[j] + "]");
      m.joint[j] = {detail::table_number(*joint, "fatigue"),
                    detail::table_number(*joint, "recovery"),
                    detail::table_number(*joint, "rest_multiplier")};
      if (!(m.joint[j].fatigue > 0 && m.joint[j].recovery > 0 && m.joint[j].rest_multiplier >= 1)) {
        throw std::logic_error(std::string("fatigue.toml: [") + kJointNames[j] +
                               "] needs fatigue, recovery > 0 and rest_multiplier >= 1");
      }
    }
    return m;
  }();
  return model;
}

void advance(const FatigueRates& rates, double tracking, double target, double seconds,
             MuscleState& state) {
  constexpr double kMaxStep = 0.01;  // s
  const int steps = std::max(1, static_cast<int>(std::ceil(seconds / kMaxStep - 1e-9)));
  const double dt = seconds / steps;
  const double recovery = target > 0.0 ? rates.recovery : rates.recovery * rates.rest_multiplier;
  for (int i = 0; i < steps; ++i) {
    double& a = state.active;
    double& f = state.fatigued;
    double& r = state.resting;
    // the controller recruits towards the target from the resting units, or as fast as they
    // allow, and releases active units above it (eq. 4-6)
    const double drive = a < target ? tracking * std::min(target - a, r) : tracking * (target - a);
    const double to_fatigued = rates.fatigue * a, to_resting = recovery * f;
    a += dt * (drive - to_fatigued);
    f += dt * (to_fatigued - to_resting);
    r = 1.0 - a - f;  // the three sum to 1 (eq. 1-3 add to 0)
  }
}

Model fatigued(const Model& fresh, const std::array<double, kNumJoints>& capacity) {
  Model model = fresh;
  for (int j = 0; j < kNumJoints; ++j) model.torque_max[j] *= capacity[j];
  const double lumbar = capacity[kTrunk];
  model.spine.extensor_max_force *= lumbar;
  for (double& force : model.spine.muscles.max_force) force *= lumbar;
  return model;
}

}  // namespace spineload
