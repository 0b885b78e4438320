// How much torque each joint can produce (docs/model.md 5.3): the isometric ceiling of
// strength.toml times a torque-angle factor (extension side) and a torque-velocity factor
// (Anderson, Madigan & Nussbaum 2007; lumbar: Raschke & Chaffin 1996).
#pragma once

#include "spineload/model.hpp"

namespace spineload {

/// Torque bounds at one instant, N*m, anatomical signs: lower <= tau <= upper.
struct TorqueLimits {
  Vec5 lower = Vec5::Zero();  // the extension side (plantarflexion at the ankle), <= 0
  Vec5 upper = Vec5::Zero();  // the flexion side (dorsiflexion at the ankle), >= 0
};

/// The share of its isometric torque a joint produces moving at w rad/s in the direction of
/// the torque (w > 0 concentric): Anderson et al. 2007's hyperbola with parameters c4, c5
/// (rad/s), never below kMinVelocityFactor; yielding (w < 0), the eccentric shape's
/// 1 + gain |w| / (|w| + half_speed); 1 at w = 0 and without parameters (c4 = 0, the shoulder).
double velocity_factor(double c4, double c5, double w, const EccentricShape& eccentric = {});
inline constexpr double kMinVelocityFactor = 0.02;

/// The share of its peak torque a joint produces at angle theta (rad, anatomical): see
/// JointAngleShape; never below kMinAngleFactor.
double angle_factor(const JointAngleShape& shape, double theta);
inline constexpr double kMinAngleFactor = 0.05;

/// The limits at joint angles q (rad) and velocities qdot (rad/s, anatomical). No allocation.
TorqueLimits torque_limits(const Model& model, const Vec5& q, const Vec5& qdot);

}  // namespace spineload
