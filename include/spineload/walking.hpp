// Walking with a load (docs/model.md 5.11): the body's vertical acceleration over a gait cycle,
// from a measured vertical ground force (models/physiology/gait.toml).
#pragma once

namespace spineload {

/// (g + a) / g for the body's vertical acceleration a while walking, t s after a heel strike:
/// the vertical ground force in body weights, periodic with the gait cycle, its mean over a
/// cycle 1 (the body neither rises nor sinks).
double walking_gravity_scale(double t);

/// The measured gait cycle, s (two steps: heel strike to the same foot's next).
double gait_cycle_duration();

}  // namespace spineload
