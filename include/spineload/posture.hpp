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
  bool shins_on_bar = false;  // the balance point would have put the shins through the bar
};

/// Where everything is for joint angles q.
Posture posture_from_angles(const Model& model, const Vec5& q);

/// The start posture (docs/model.md 4): hand on the bar at (bar_offset, bar_height), lumbar
/// flexion as set, and by `posture`:
/// - "balance": the trunk at trunk_angle_deg, the combined centre of mass over balance_point;
///   if that puts the shins through the bar (a light bar, an upright trunk), the shins touch
///   the bar instead and the centre of mass settles behind (shins_on_bar);
/// - "shoulders": the shoulders shoulder_offset ahead of the bar, the trunk angle from balance;
/// - "arms_vertical": the trunk at trunk_angle_deg, the shoulders over the bar, no balance.
/// Throws InputError naming the condition that fails (bar out of reach, a joint past its
/// range, shank through the bar, no balanced posture, the centre of mass off the foot).
Posture solve_start_posture(const Model& model, const Setup& setup);

/// The planned lockout, standing tall: knee at lockout_knee_deg, lumbar neutral, trunk and
/// arms leaning forward by one small angle (a few degrees) so that the bar rests on the
/// thighs (Model::thigh_clearance), balanced over balance_point by the ankle angle.
Posture solve_lockout_posture(const Model& model, const Setup& setup);

/// Shortest distance (m) from the bar centre to the shank line, + when the bar is in front of
/// the shank. A setup needs at least kShinClearance while the bar is below the knee.
double shank_bar_clearance(const Posture& posture);
inline constexpr double kShinClearance = 0.03;  // m, bar radius + skin over the tibia (sec. 4.3)

/// The same for the thigh line (knee -> hip): Model::thigh_clearance when the bar rests on
/// the thighs.
double thigh_bar_clearance(const Posture& posture);

/// How far (m) the bar centre lies inside the clearance the legs need in front of them, given
/// the ankle, knee and hip (docs/model.md 5.2): below the knee kShinClearance ahead of the
/// shank, above it ahead of the thigh, by a clearance growing linearly from the shin's at the
/// knee to Model::thigh_clearance at the hip's height; distances to the segments, so that both
/// measure from the knee as the bar passes it. <= 0: the bar is clear.
double bar_inside_legs(const Model& model, const Vec2& ankle, const Vec2& knee, const Vec2& hip,
                       const Vec2& bar);

}  // namespace spineload
