// Rigid-body dynamics of the planar chain: M(q) qddot + h(q, qdot) = tau + J^T f_bar.
// Two independent algorithms on purpose: the closed-form Lagrangian terms (mass_matrix,
// bias_forces, forward_dynamics) and the recursive Newton-Euler pass (inverse_dynamics);
// tests check each against the other. Equations: docs/model.md, section 3.
#pragma once

#include "spineload/data.hpp"

namespace spineload {

/// Gravity (m/s^2) as the body feels it at data's instant: g times data.gravity_scale (1
/// standing; the gait's vertical ground force in body weights while walking, docs/model.md
/// 5.11). Every load computed from gravity takes it from here.
inline double effective_gravity(const Model& model, const Data& data) {
  return model.gravity * data.gravity_scale;
}

/// M(q) in kg*m^2 (symmetric positive definite) into data.mass_matrix. Calls
/// forward_kinematics.
void mass_matrix(const Model& model, Data& data, const Vec5& q);

/// h(q, qdot) in N*m (velocity-product and gravity terms) into data.bias; needs
/// mass_matrix() of the same q in data first (it reuses the angle differences).
void bias_forces(const Model& model, Data& data, const Vec5& qdot);

/// Generalized force (N*m) of a force f_bar_W (N, world axes) applied at the bar: J^T f.
/// Needs the kinematics of q in data.
Vec5 bar_force_torque(const Model& model, const Data& data, const Vec2& f_bar_W);

/// qddot (rad/s^2) for joint torques tau (N*m, anatomical) and a bar force f_bar_W (N).
/// Calls forward_kinematics, then forward_dynamics_from_kinematics. No heap allocation.
Vec5 forward_dynamics(const Model& model, Data& data, const Vec5& q, const Vec5& qdot,
                      const Vec5& tau, const Vec2& f_bar_W);

/// forward_dynamics for the kinematics already in data (forward_kinematics of the same q), as
/// the tracking controller has them when a strength limit binds. Writes mass_matrix, cos_diff,
/// sin_diff, bias and mass_llt.
Vec5 forward_dynamics_from_kinematics(const Model& model, Data& data, const Vec5& qdot,
                                      const Vec5& tau, const Vec2& f_bar_W);

/// Recursive Newton-Euler: joint torques for (q, qdot, qddot) and a bar force, plus the net
/// force and moment at every joint (top-down: from the bar down to the ankle) in data.
/// Calls forward_kinematics, then newton_euler_passes. Returns data.tau.
const Vec5& inverse_dynamics(const Model& model, Data& data, const Vec5& q, const Vec5& qdot,
                             const Vec5& qddot, const Vec2& f_bar_W);

/// The two Newton-Euler passes of inverse_dynamics for the kinematics already in data
/// (forward_kinematics of the same q): writes omega, alpha, com_acc, bar_acc, f_bar_W,
/// joint_force_W, joint_moment and tau; returns data.tau. O(n), so the tracking controller
/// uses it for tau = M qddot + h - J^T f_bar without forming M (docs/model.md, eq. 5.4).
const Vec5& newton_euler_passes(const Model& model, Data& data, const Vec5& qdot,
                                const Vec5& qddot, const Vec2& f_bar_W);

/// Ground reaction on the feet: force (N, world) and centre of pressure (x, m), from the rate
/// of change of whole-body momentum. Needs inverse_dynamics() of the same state in data.
struct GroundReaction {
  Vec2 force_W{0, 0};  // N
  double cop_x = 0;    // m, ahead of mid-foot
};
GroundReaction ground_reaction(const Model& model, const Data& data);

/// Bottom-up estimate of the force (N, world) and moment (N*m, + counter-clockwise) that the
/// pelvis exerts on the trunk at L4-L5: from the ground reaction up through foot, shank, thigh
/// and pelvis. Equals data.joint_force_W[kTrunk] / joint_moment[kTrunk] up to round-off.
struct JointLoad {
  Vec2 force_W{0, 0};
  double moment = 0;
};
JointLoad l4l5_bottom_up(const Model& model, const Data& data, const GroundReaction& ground);

}  // namespace spineload
