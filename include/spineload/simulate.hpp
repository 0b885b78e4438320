// Simulate one pull: plan, integrate the ODE with Boost.Odeint, compute L4-L5 loads.
#pragma once

#include "spineload/result.hpp"

namespace spineload {

/// Runs one pull of `setup` for `lifter` (docs/model.md, sections 4-7). Validates every input
/// (InputError naming the field). An impossible setup throws; a lift that the lifter's
/// strength cannot complete returns with summary.completed == false and the reason, its peaks
/// those up to the failure (NaN when nothing was lifted). A load given as a percentage
/// (setup.load_percent) is resolved through one_rep_max first (one_rep_max.hpp).
Result simulate(const Lifter& lifter, const Setup& setup, const SimulationOptions& options = {});

/// Same, reusing `result`'s buffers: after the first call with the same sample count, no heap
/// allocation happens in the integration loop.
void simulate_into(const Lifter& lifter, const Setup& setup, const SimulationOptions& options,
                   Result& result);

/// Same for a model already built (sweeps keep one Model per lifter): sets the model's bar
/// mass to setup.load, then runs the pull. Validates the setup and options.
void simulate_into(Model& model, const Setup& setup, const SimulationOptions& options,
                   Result& result);

/// The model a setup's pull runs on: the lifter's, with the bar of setup.load, with the arms
/// folded for a load held at the chest (lockout_load = "chest") and the legs and feet seen from
/// the side in the setup's stance (stance_width, foot_angle_deg).
Model model_for_setup(const Lifter& lifter, const Setup& setup);

/// `model` (any bar) with its arms and stance made the setup's; `model` itself if they are.
Model model_for_setup(const Model& model, const Setup& setup);

/// Whether `model`'s arms and stance are the setup's (run_pull copies the model if not).
bool fits_setup(const Model& model, const Setup& setup);

/// Program version, as printed and stored in every result.
const char* version();

}  // namespace spineload
