// Setup -> start posture (and the planned lockout posture): docs/model.md, section 4. The
// setup is validated where it enters (simulate, the sweep engine); these take it as valid.
#pragma once

#include "spineload/data.hpp"
#include "spineload/setup.hpp"

namespace spineload {

/// A solved posture: joint angles and where everything is.
struct Posture {
  Vec5 q = Vec5::Zero();   // rad, anatomical
  std::array<Vec2, kNumLandmarks> landmark{};  // m: ankle, knee, hip, l4l5, shoulder, hand
  Vec2 center_of_mass{0, 0};  // m, lifter + bar
  double trunk_angle = 0;     // rad above horizontal
};

/// The start posture: hand on the bar at (bar_offset, bar_height), the trunk at
/// trunk_angle_deg, lumbar flexion as set, and either balance (combined centre of mass over
/// balance_point) or arms vertical. Throws InputError naming the condition that fails (bar out
/// of reach, a joint past its range, shank through the bar, no balanced posture).
Posture solve_start_posture(const Model& model, const Setup& setup);

/// The planned lockout: knee at lockout_knee_deg, hip and lumbar neutral, hand at the
/// start's bar_offset, balanced over balance_point (or trunk upright for arms_vertical).
Posture solve_lockout_posture(const Model& model, const Setup& setup);

/// Shortest distance (m) from the bar centre to the shank line, + when the bar is in front of
/// the shank. A setup needs at least kShinClearance.
double shank_bar_clearance(const Posture& posture);
inline constexpr double kShinClearance = 0.03;  // m, bar radius + skin over the tibia (sec. 4.3)

}  // namespace spineload
