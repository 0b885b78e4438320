// Many pulls: a grid or list of lifters x setups, run on threads, streamed to HDF5.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "spineload/result.hpp"

namespace spineload {

/// One pull of a sweep.
struct SweepCase {
  Lifter lifter;
  Setup setup;
};

/// A sweep: either an explicit list of cases, or a base lifter and setup with a grid of
/// field values (cartesian product, last axis fastest). Cases are made on demand by index so
/// memory stays flat for millions of pulls.
struct SweepSpec {
  Lifter base_lifter;
  Setup base_setup;
  SimulationOptions options{.store_series = false};
  std::vector<SweepCase> cases;  // used when grid is empty
  struct Axis {
    std::string field;            // a Lifter or Setup field name
    std::vector<std::string> values;  // as text, parsed by set_field
  };
  std::vector<Axis> grid;

  std::size_t size() const;
  SweepCase case_at(std::size_t index) const;
};

/// Throws InputError unless every grid axis names a lifter or setup field (or "lifter" /
/// "setup" with preset names) and every value parses and is in range, each checked once
/// against the base case; and unless the sweep has at least one pull.
void check_axes(const SweepSpec& spec);

/// Reads a sweep spec from a TOML file: [lifter], [setup], [options], [grid] field = [...], or
/// [[case]] tables with lifter/setup keys. Throws InputError naming the bad key.
SweepSpec load_sweep_spec(const std::string& path);

/// One row of results: the summary, or why the pull could not be set up.
struct SweepRow {
  std::size_t index = 0;
  SweepCase input;
  Summary summary;
  std::string error;  // empty when the setup was valid
  Result result;      // the pull's time series when spec.options.store_series (else empty)
};

/// Runs every case on `threads` threads (0 = hardware). Rows reach `on_row` in index order
/// from the calling thread; `on_progress(done, total)` is called from the calling thread too.
/// A case that throws InputError becomes a row with `error` set.
void run_sweep(const SweepSpec& spec, unsigned threads,
               const std::function<void(const SweepRow&)>& on_row,
               const std::function<void(std::size_t, std::size_t)>& on_progress = {});

/// How the pulls of a sweep ended.
struct SweepCounts {
  std::size_t completed = 0;  // reached lockout
  std::size_t failed = 0;     // simulated, but the lift did not complete (summary.status says why)
  std::size_t errors = 0;     // impossible setup: a row with `error` set, nothing simulated
};

/// Runs the sweep and streams it to an HDF5 file: groups /inputs and /summary with one
/// chunked, compressed column per field, plus /error (text); with options.store_series also
/// /series, one row per sample of every pull (column names as Result.to_pandas, plus `pull`,
/// the sweep row). Complete or not at all (docs/model.md 7.1).
SweepCounts run_sweep_to_hdf5(const SweepSpec& spec, unsigned threads, const std::string& path,
                       const std::function<void(std::size_t, std::size_t)>& on_progress = {});

}  // namespace spineload
