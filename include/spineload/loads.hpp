// Loads of one state of the lifter: inverse dynamics, ground reaction and the L4-L5 and L5-S1
// tissue loads for given joint angles, rates and accelerations (docs/model.md, sections 3.6-3.8 and
// 6). A pure function of its inputs: simulated pulls use it at every sample, and measured
// motion (joint angles from video) can use it as it is.
#pragma once

#include "spineload/dynamics.hpp"
#include "spineload/spine.hpp"

namespace spineload {

/// What the body must do in one state, and what the lumbar tissues carry.
struct StateLoads {
  Vec5 tau = Vec5::Zero();   // N*m, joint torques, anatomical (+ = flexion)
  GroundReaction ground;     // N, world; centre of pressure in m ahead of mid-foot
  L4L5Loads l4l5;            // net L4-L5 load and its tissue shares, disc axes
  Vec2 l4l5_position{0, 0};  // m, L4-L5 joint centre, world axes
  L5S1Loads l5s1;            // the same one disc lower
  Vec2 l5s1_position{0, 0};  // m, L5-S1 disc centre, world axes
  Vec2 bar_position{0, 0};   // m, bar centre, world axes
};

/// Loads for the state (q rad, qdot rad/s, qddot rad/s^2) with an external force f_bar_W (N,
/// world) on the bar and the pull's spine inputs. Writes the kinematics and Newton-Euler
/// loads of the state into data (the workspace); no heap allocation.
StateLoads loads_of_state(const Model& model, Data& data, const Vec5& q, const Vec5& qdot,
                          const Vec5& qddot, const Vec2& f_bar_W, const SpineInputs& inputs);

/// The same from a Data that already holds forward_kinematics and newton_euler_passes of the
/// state (the tracking controller leaves them there), so the passes are not repeated.
StateLoads loads_from_passes(const Model& model, const Data& data, const SpineInputs& inputs);

}  // namespace spineload
