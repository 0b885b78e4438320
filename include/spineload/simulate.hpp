// Simulate one pull: plan, integrate the ODE with Boost.Odeint, compute L4-L5 loads.
#pragma once

#include "spineload/result.hpp"

namespace spineload {

/// Runs one pull of `setup` for `lifter` (docs/model.md, sections 4-7). Validates every input
/// (InputError naming the field). An impossible setup throws; a lift that the lifter's
/// strength cannot complete returns with summary.completed == false and the reason.
Result simulate(const Lifter& lifter, const Setup& setup, const SimulationOptions& options = {});

/// Same, reusing `result`'s buffers (sweeps): after the first call with the same sample
/// count, no heap allocation happens.
void simulate_into(const Lifter& lifter, const Setup& setup, const SimulationOptions& options,
                   Result& result);

/// Program version, as printed and stored in every result.
const char* version();

}  // namespace spineload
