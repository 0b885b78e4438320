// Elastic bands on the bar (docs/model.md 5.6): one anchored below that pulls the bar down more
// the higher it rises (accommodating resistance), and one anchored in front that pulls it
// towards the anchor (the lats must hold the bar in).
#pragma once

#include "spineload/model.hpp"
#include "spineload/setup.hpp"

namespace spineload {

struct Bands {
  double down_tension = 0;     // N, the down band at full stretch (the planned lockout height)
  double forward_tension = 0;  // N, the forward band, constant (long and pre-stretched)
  Vec2 anchor{0, 0};           // m, the forward band's anchor

  /// The force (N, world axes) on the bar at `bar` (m), the down band at `stretch` (0 at the
  /// start height, 1 at the planned lockout height; never below 0).
  Vec2 force(const Vec2& bar, double stretch) const {
    Vec2 f(0.0, -down_tension * std::max(0.0, stretch));
    if (forward_tension > 0.0) f += forward_tension * (anchor - bar).normalized();
    return f;
  }
};

/// The bands of a setup (band_tension, band_forward and its anchor).
inline Bands bands_of(const Setup& setup) {
  return {setup.band_tension, setup.band_forward,
          Vec2(setup.band_anchor_distance, setup.band_anchor_height)};
}

/// Where the ground reaction acts (m ahead of mid-foot) while the lifter and the bar stand
/// still: weight (N) at com_x (m), `force` (N) on the bar at `bar` (m). Moments about the
/// origin: cop R_y = W com_x - (bar x F)_z, with R_y = W - F_y. Without a force, com_x.
inline double centre_of_pressure_at_rest(double weight, double com_x, const Vec2& bar,
                                         const Vec2& force) {
  const double bar_moment = bar.x() * force.y() - bar.y() * force.x();
  return (weight * com_x - bar_moment) / (weight - force.y());
}

}  // namespace spineload
