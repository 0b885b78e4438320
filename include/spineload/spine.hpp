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
  double iap_pa = 0;       // Pa, intra-abdominal pressure; 0 with bracing: the brace's own (6.11)
  bool fascicles = false;  // the lumbar muscle groups (6.5) rather than one equivalent extensor
  double bracing = 0;      // 0 relaxed .. 1 maximal abdominal brace (fascicles only)
};
/// Throws InputError for bracing without the fascicle model (it has no abdominal muscles).
SpineInputs spine_inputs(const Setup& setup);

/// Everything the spine model reports for one instant.
struct L4L5Loads {
  double moment = 0;          // N*m, net moment the tissues must produce, + = extension
  Vec2 force_W{0, 0};         // N, net force of pelvis on trunk, world axes
  double compression = 0;     // N, + = compressive, along the disc normal
  double shear = 0;           // N, + = anterior shear of L4 on L5
  double extensor_force = 0;  // N, the equivalent extensor, or the extensor groups together
  double passive_moment = 0;  // N*m, passive tissues, + = extension
  double iap_force = 0;       // N, intra-abdominal pressure force along the disc normal
  double disc_angle = 0;      // rad, absolute angle of the compression axis
  // the moment partition (eq. 6.3): muscle + passive + IAP = net
  double muscle_moment = 0;    // N*m, what the muscles produce together, + = extension
  double iap_moment = 0;       // N*m
  MuscleArray muscle_force{};  // N, each group of kMuscleGroupNames (zeros: equivalent model)
  double peak_activation = 0;  // largest muscle force / its maximum (> 1: beyond capacity)
  double stiffness = 0;        // N*m/rad, of muscles and passive tissue at L4-L5 (eq. 6.8)
  // stiffness minus gravity's destabilising stiffness on the body above L4-L5 (eq. 6.9; set by
  // loads_from_passes, which knows the posture): > 0 stable as a hinged inverted pendulum
  double stability = 0;        // N*m/rad
  // what crosses L5-S1 too, on the body above: the pressure's push and the abdominal groups'
  // pulls (N, world axes), and their moment about L4-L5 (N*m, + extension)
  Vec2 crossing_force_W{0, 0};
  double crossing_moment = 0;
};

/// What the L5-S1 disc carries at one instant (docs/model.md 6.10): the net load of everything
/// above the disc, and its compression and shear with one equivalent extensor.
struct L5S1Loads {
  double moment = 0;          // N*m, net moment the tissues must produce, + = extension
  Vec2 force_W{0, 0};         // N, net force of the body below on the body above, world axes
  double compression = 0;     // N, + = compressive, along the disc normal
  double shear = 0;           // N, + = anterior shear of L5 on S1
  double extensor_force = 0;  // N, the equivalent extensor at L5-S1
  double disc_angle = 0;      // rad, absolute angle of the compression axis
};

/// Passive extensor moment (N*m) of the lumbar tissues at lumbar flexion (rad): zero at and
/// below neutral, exponential rise to passive_moment_max at full flexion (eq. 6.2).
double passive_moment(const SpineParameters& spine, double lumbar_flexion);

/// Derivative of passive_moment with lumbar flexion, N*m/rad (the passive tissues' stiffness).
double passive_stiffness(const SpineParameters& spine, double lumbar_flexion);

/// Shares the net L4-L5 load between the muscles (one equivalent extensor, or the lumbar
/// groups), passive tissues and IAP, and resolves the disc force on the disc axes. pelvis_angle and
/// trunk_angle are absolute (rad); net_force_W and net_moment are what the pelvis exerts on the
/// trunk (inverse dynamics).
L4L5Loads l4l5_loads(const SpineParameters& spine, const SpineInputs& inputs, double pelvis_angle,
                     double trunk_angle, const Vec2& net_force_W, double net_moment);

/// The same one disc lower (eq. 6.10): net_force_W and net_moment are what the body below L5-S1
/// exerts on the body above it; l4l5 (the same instant) gives the passive moment and what
/// crosses both discs (the pressure, the abdominal groups' pulls); l4l5_offset_W = p_L4L5 -
/// p_L5S1 (m, world).
L5S1Loads l5s1_loads(const SpineParameters& spine, double pelvis_angle, double trunk_angle,
                     const Vec2& net_force_W, double net_moment, const L4L5Loads& l4l5,
                     const Vec2& l4l5_offset_W);

}  // namespace spineload
