// The planned motion that the controller tracks: a smooth path in "posture variables" (bar
// height, trunk angle, lumbar flexion, arm angle) from start to lockout, turned into joint
// angles by closed-form leg inverse kinematics (docs/model.md, section 5).
#pragma once

#include "spineload/posture.hpp"

namespace spineload {

/// Plan of one pull; built once by make_reference(), evaluated at any t without allocation.
struct ReferenceMotion {
  Posture start;
  Posture lockout;
  // bar x along the rise (eq. 5.2): from the start's to the lockout's, plus the drift
  double bar_x[2] = {0, 0};    // m, at start and lockout
  double drift = 0;            // m, bar forward of that line at knee height
  double knee_progress = 0.5;  // eased progress at which the bar passes the knee
  double com_x[2] = {0, 0};    // m, combined centre of mass at start and lockout
  double rise_start = 0;       // s, when the rise begins: 0, or after the descent from the hang
  double duration = 0;         // s, floor to lockout
  double coordination = 0;     // trunk-angle timing warp
  bool lowering = false;
  bool walking = false;          // a hold walked, not stood (eq. 5.11)
  double lowering_duration = 0;  // s
  double end_time = 0;         // s, last instant of the plan
  // posture variables at start (index 0) and lockout (index 1)
  double bar_y[2] = {0, 0};
  double trunk[2] = {0, 0};    // rad, absolute
  double lumbar[2] = {0, 0};   // rad
  double arm[2] = {0, 0};      // rad, absolute angle of shoulder->hand
  // segment lengths used by the inverse kinematics
  std::array<double, kNumJoints> length{};  // m
  Vec2 ankle{0, 0};
  // joint angles along the path: the quintic Hermite interpolant (eq. 5.3) of q, dq/ds and
  // d2q/ds2 at kReferenceNodes + 1 evenly spaced s, stored per interval as monomial
  // coefficients, q(u) = sum_k path_coeff[i][k] u^k with u in [0, 1] across interval i
  static constexpr int kReferenceNodes = 64;
  std::array<std::array<Vec5, 6>, kReferenceNodes> path_coeff{};
  // the arm angle that keeps the centre of mass on its path, solved at kArmNodes + 1 evenly
  // spaced s and interpolated by a natural cubic spline (values and second derivatives)
  static constexpr int kArmNodes = 8;
  std::array<double, kArmNodes + 1> arm_node{}, arm_curvature{};
  // how far the trunk is held below its timing so that the bar passes in front of the knees:
  // the square root (rad^1/2) of the least lowering that clears them at each node,
  // interpolated like the arm and squared, so it is never negative and lets go tangentially
  // (eq. 5.2)
  std::array<double, kArmNodes + 1> lowering_root{}, lowering_root_curvature{};
  // and, over the first two arm intervals (h = 2 / kArmNodes), the trunk held lower by
  // e(s) = A s (1 - s/h)^3 (rad): a lowering that can start at the start posture with a slope,
  // where the square of the spline cannot (docs/model.md 5.2); A = early_lowering, rad per unit
  // of s, 0 unless the knees would come into the bar there
  double early_lowering = 0;
  // a hip hinge (posture = "hinge", an RDL) keeps the knees at this flexion all the way: the
  // trunk is where they reach, not on its timing, and is never lowered; its arm angle is
  // solved at the kReferenceNodes + 1 tabulated s, not at the arm nodes
  bool hinge = false;
  double hinge_knee = 0;  // rad
  std::array<double, kReferenceNodes + 1> hinge_arm{}, hinge_arm_curvature{};
  // the most the bar passes inside the legs' clearance along the path (m; <= 0: clear), at
  // the 65 tabulated s and, beyond 5 mm, refined to its peak (docs/model.md 5.2), and at which s
  double bar_inside = 0;
  double bar_inside_s = 0;
};

struct ReferenceState {
  Vec5 q = Vec5::Zero();      // rad
  Vec5 qdot = Vec5::Zero();   // rad/s
  Vec5 qddot = Vec5::Zero();  // rad/s^2
  double bar_y = 0;           // m, planned bar height
  // (g + a) / g for the ground's planned vertical acceleration a: 1 standing, the gait's
  // vertical force in body weights while walking (eq. 5.11)
  double gravity_scale = 1.0;
};

/// Builds the plan and checks it: throws InputError if some instant of the plan needs the
/// hips out of the legs' reach (say which coordination would work).
ReferenceMotion make_reference(const Model& model, const Setup& setup);

/// Planned joint angles, velocities and accelerations at time t (s). Before 0 and after the
/// end the plan holds still.
ReferenceState evaluate_reference(const ReferenceMotion& plan, double t);

/// Minimum-jerk progress s(tau) = 10 tau^3 - 15 tau^4 + 6 tau^5 and its first two derivatives
/// with respect to tau (docs/model.md, eq. 5.1).
void minimum_jerk(double tau, double& s, double& ds, double& dds);

}  // namespace spineload
