// LiFFT's damage and risk (docs/model.md 5.10).
#include "spineload/lifft.hpp"

#include <cmath>

namespace spineload {

double lifft_damage(double peak_load_moment) {
  using C = LifftConstants;
  if (std::isnan(peak_load_moment)) return 0.0;
  return std::exp(C::moment_rate * peak_load_moment + C::moment_offset) / C::cycles_scale;
}

double lifft_risk(double daily_damage) {
  using C = LifftConstants;
  if (!(daily_damage > 0.0)) return 0.0;
  const double y = C::risk_intercept + C::risk_slope * std::log10(daily_damage);
  return 1.0 / (1.0 + std::exp(-y));
}

double lifft_single_lift_failure_moment() {
  using C = LifftConstants;
  return (std::log(C::cycles_scale) - C::moment_offset) / C::moment_rate;
}

}  // namespace spineload
