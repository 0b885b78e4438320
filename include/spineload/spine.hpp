// L4-L5 loads on the disc's own axes from the net joint load (docs/model.md, section 6).
#pragma once

#include "spineload/model.hpp"
#include "spineload/setup.hpp"

namespace spineload {

/// The spine model's parameters for one lifter: the lifter's overrides, else the published
/// defaults in models/anthropometry/spine.toml (docs/model.md, section 6).
SpineParameters spine_parameters(const Lifter& lifter);

/// Per-pull inputs of the spine model, built once per pull from the setup (not per sample).
struct SpineInputs {
  double iap_pa = 0;  // Pa, intra-abdominal pressure
};
SpineInputs spine_inputs(const Setup& setup);

/// Everything the spine model reports for one instant.
struct L4L5Loads {
  double moment = 0;          // N*m, net moment the tissues must produce, + = extension
  Vec2 force_W{0, 0};         // N, net force of pelvis on trunk, world axes
  double compression = 0;     // N, + = compressive, along the disc normal
  double shear = 0;           // N, + = anterior shear of L4 on L5
  double extensor_force = 0;  // N, equivalent extensor muscle (>= 0)
  double passive_moment = 0;  // N*m, passive tissues, + = extension
  double iap_force = 0;       // N, intra-abdominal pressure force along the disc normal
  double disc_angle = 0;      // rad, absolute angle of the compression axis
};

/// Passive extensor moment (N*m) of the lumbar tissues at lumbar flexion (rad): zero at and
/// below neutral, exponential rise to passive_moment_max at full flexion (eq. 6.2).
double passive_moment(const SpineParameters& spine, double lumbar_flexion);

/// Shares the net L4-L5 load between extensor, passive tissues and IAP and resolves the disc
/// force on the disc axes. pelvis_angle and trunk_angle are absolute (rad); net_force_W and
/// net_moment are what the pelvis exerts on the trunk (inverse dynamics).
L4L5Loads l4l5_loads(const SpineParameters& spine, const SpineInputs& inputs, double pelvis_angle,
                     double trunk_angle, const Vec2& net_force_W, double net_moment);

}  // namespace spineload
