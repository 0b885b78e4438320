// A pull integrated from its first sample, for the tests that hold simulate() to it.
#pragma once

#include "spineload/result.hpp"

namespace spineload::detail {

/// simulate_into(), except that the ODE is integrated from the start even while the lifter
/// follows the plan exactly (where simulate() takes the plan itself: docs/model.md 5.5).
void simulate_integrated_into(const Lifter& lifter, const Setup& setup,
                              const SimulationOptions& options, Result& result);

}  // namespace spineload::detail
