// Everything an algorithm writes while it runs. One Data per thread; made once, reused for
// every step, so the integration loop never touches the heap.
#pragma once

#include <array>

#include <Eigen/Cholesky>

#include "spineload/model.hpp"

namespace spineload {

struct Data {
  // gravity in multiples of model.gravity: (g + a) / g while the ground accelerates the body
  // vertically by a (a walking carry, docs/model.md 5.11); 1 otherwise. Read by the dynamics
  // and the loads; set by whoever evaluates a state (the pull's controller, from its plan).
  double gravity_scale = 1.0;

  // absolute segment angles and their sines/cosines; forward_kinematics()
  Vec5 phi = Vec5::Zero();      // rad, counter-clockwise from +x (anterior)
  Vec5 cos_phi = Vec5::Zero();
  Vec5 sin_phi = Vec5::Zero();
  // world positions of the chain landmarks (ankle, knee, hip, l4l5, shoulder, hand) and of the
  // segment centres of mass; forward_kinematics()
  std::array<Vec2, kNumLandmarks> landmark{};  // m
  std::array<Vec2, kNumJoints> com{};          // m

  // joint-space dynamics; mass_matrix(), bias_forces(), or forward_dynamics*() for both
  Mat5 cos_diff = Mat5::Zero();      // cos(phi_i - phi_j), mass_matrix()
  Mat5 sin_diff = Mat5::Zero();      // sin(phi_i - phi_j), mass_matrix()
  Mat5 mass_matrix = Mat5::Zero();   // kg*m^2, M(q)
  Vec5 bias = Vec5::Zero();          // N*m, h(q, qdot): Coriolis, centrifugal, gravity
  Eigen::LLT<Mat5> mass_llt;         // Cholesky factor of M, forward_dynamics()

  // inverse dynamics (RNEA), world axes; inverse_dynamics() or newton_euler_passes()
  Vec5 omega = Vec5::Zero();                     // rad/s, absolute angular velocities
  Vec5 alpha = Vec5::Zero();                     // rad/s^2, absolute angular accelerations
  std::array<Vec2, kNumJoints> com_acc{};        // m/s^2
  Vec2 f_bar_W{0, 0};                            // N, external force on the bar
  Vec2 bar_acc{0, 0};                            // m/s^2
  // force and moment that the body below each joint exerts on the body above it (joint 0 =
  // foot on shank ... joint 4 = trunk on arm), and the hand on the bar (index 5)
  std::array<Vec2, kNumJoints + 1> joint_force_W{};  // N
  std::array<double, kNumJoints + 1> joint_moment{};   // N*m, + counter-clockwise
  Vec5 tau = Vec5::Zero();                            // N*m, anatomical (+ = flexion)
};

}  // namespace spineload
