// Muscle fatigue and recovery at each joint: the three-compartment model (docs/model.md 5.9).
#pragma once

#include <array>

#include "spineload/model.hpp"

namespace spineload {

/// The rates of one joint's muscles (models/physiology/fatigue.toml, with sources).
struct FatigueRates {
  double fatigue = 0;          // F, 1/s: active -> fatigued
  double recovery = 0;         // R, 1/s: fatigued -> resting
  double rest_multiplier = 1;  // r: recovery is R r while the joint is unloaded
};

/// Every joint's rates and the controller's tracking factor L (1/s).
struct FatigueModel {
  double tracking = 10;
  std::array<FatigueRates, kNumJoints> joint{};
};

/// The published rates (Frey-Law et al. 2012; Looft et al. 2018), read once.
const FatigueModel& fatigue_model();

/// One joint's motor units as fractions of the fresh whole: active, fatigued, resting. They
/// always sum to 1; what the joint can still produce is capacity() of its fresh strength.
struct MuscleState {
  double active = 0, fatigued = 0, resting = 1;
  double capacity() const { return active + resting; }
};

/// Advances one joint by `seconds` while it works at `target` (0..1, its torque over its fresh
/// strength at that angle and speed): Xia & Frey Law (2008), eq. 1-6 of Frey-Law et al. (2012),
/// with recovery R r while the target is 0 (Looft et al. 2018). Explicit steps of at most
/// 10 ms (L dt <= 0.1).
void advance(const FatigueRates& rates, double tracking, double target, double seconds,
             MuscleState& state);

/// The model with each joint's strength, and the lumbar muscles' maximum forces, scaled by
/// that joint's capacity (1: fresh).
Model fatigued(const Model& fresh, const std::array<double, kNumJoints>& capacity);

}  // namespace spineload
