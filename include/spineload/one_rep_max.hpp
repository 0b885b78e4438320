// The heaviest load a lifter completes with a setup (docs/model.md 5.8).
#pragma once

#include "spineload/result.hpp"

namespace spineload {

/// The one-repetition maximum of `lifter` with `setup` (every field but the load): the
/// heaviest load, to within `tolerance_kg`, whose pull completes. Found by bracketing from the
/// lifter's body mass (doubling or halving) and bisection; each probe is one simulated pull,
/// so the answer does not depend on setup.load.
struct OneRepMax {
  double load = 0;            // kg, the heaviest load that completed (0 if none did)
  Result at_max;              // that pull (its summary: lockout time, sticking point, peaks)
  Summary above;              // the lightest probe that failed: how and where it failed
  double above_load = 0;      // kg, its load
  int pulls = 0;              // probes simulated
};
OneRepMax one_rep_max(const Lifter& lifter, const Setup& setup,
                      const SimulationOptions& options = {}, double tolerance_kg = 0.5);

}  // namespace spineload
