// HDF5 files of one pull and of sweeps. Files appear complete or not at all: everything is
// written to "<path>.partial" and renamed at the end.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "spineload/result.hpp"

namespace spineload {

/// Writes one pull: datasets time, q, qdot, tau, bar, grf, cop, l4l5/{moment, compression,
/// shear, force, extensor_force, passive_moment, iap_force}; the summary, lifter, setup and
/// options as attributes (DESIGN.md). Throws std::runtime_error on I/O failure (no file left).
void save_result(const Result& result, const std::string& path);

/// Reads a file written by save_result back into a Result.
Result load_result(const std::string& path);

}  // namespace spineload
