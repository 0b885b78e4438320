// Forward kinematics of the planar chain (docs/model.md, section 3.1).
#pragma once

#include "spineload/data.hpp"

namespace spineload {

/// Absolute segment angles phi (rad) for joint angles q (rad, anatomical).
Vec5 segment_angles(const Vec5& q);

/// Joint angles q from absolute segment angles phi (the inverse of segment_angles).
Vec5 joint_angles(const Vec5& phi);

/// Fills data.phi, cos_phi, sin_phi, landmark[] and com[] for joint angles q (rad).
void forward_kinematics(const Model& model, Data& data, const Vec5& q);

/// Combined centre of mass of lifter (feet included) and bar, in m, world axes. Reads the
/// positions forward_kinematics() wrote into data.
Vec2 center_of_mass(const Model& model, const Data& data);

/// Its x alone (m, ahead of mid-foot) for joint angles q, without a Data: the posture solvers
/// evaluate it many times.
double center_of_mass_x(const Model& model, const Vec5& q);

/// The same from the segments' directions u_i = (cos phi_i, sin phi_i).
double center_of_mass_x(const Model& model, const std::array<Vec2, kNumJoints>& u);

}  // namespace spineload
