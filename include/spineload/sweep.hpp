// Many pulls: one sweep engine. A spec (a grid of field values, a list of cases) is expanded
// in one place (SweepSpec::case_at), run by one thread pool in chunks (run_sweep), and its
// rows reach a sink in order: a table for Python, full results, or an HDF5 file
// (sweep_file.hpp). The chunk is the seam a distributed backend uses.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "spineload/result.hpp"
#include "spineload/spread.hpp"

namespace spineload {

/// One pull of a sweep.
struct SweepCase {
  Lifter lifter;
  Setup setup;
};

/// One axis of a grid: a Lifter or Setup field and its values, or "lifter" / "setup" with
/// preset names (applied before the field axes, which then override them).
struct SweepAxis {
  std::string field;
  std::vector<FieldValue> values;
};

/// A sweep: a base lifter and setup with a grid of field values (cartesian product, last axis
/// fastest), or an explicit list of cases. Cases are made on demand by index, so memory stays
/// flat for millions of pulls.
struct SweepSpec {
  Lifter base_lifter;
  Setup base_setup;
  SimulationOptions options{.store_series = false};
  std::vector<SweepAxis> grid;   // used when not empty
  std::vector<SweepCase> cases;  // used when grid is empty
  /// With a grid: the whole grid once per lifter, each in turn the base lifter (outermost,
  /// before the first axis). Empty: base_lifter only.
  std::vector<Lifter> lifters;
  /// samples > 0: every row also gets each numeric summary field's 5 %, median and 95 % over
  /// that many samples of its uncertain inputs (uncertainty.hpp); the row's own summary stays
  /// the nominal pull's.
  Uncertainty uncertainty;

  /// Number of pulls (check_spec first: it refuses a grid whose size overflows).
  std::size_t size() const;
  /// The lifter and setup of pull `index` (0 <= index < size()). Throws InputError when an
  /// axis value does not fit the case (a preset axis can change which fields make sense).
  SweepCase case_at(std::size_t index) const;
  /// Names of the grid axes, in grid order (empty for a list of cases).
  std::vector<std::string> axis_names() const;
};

/// Limits checked before a sweep starts.
struct SweepLimits {
  std::size_t max_pulls = 10'000'000;  // a larger sweep is refused with its estimates
};

/// Throws InputError unless every axis names a lifter or setup field (or "lifter"/"setup"
/// with preset names) and each of its values fits the base case; the grid size does not
/// overflow; the sweep has at least one pull and at most limits.max_pulls (the message
/// estimates time and disk). Validates the base lifter, setup and options.
void check_spec(const SweepSpec& spec, const SweepLimits& limits = {});

/// A sweep spec from TOML: [lifter] and [setup] (a `preset` key and field overrides),
/// [options], and either [grid] (field = [values] or a range {min, max, step} / {min, max, n})
/// or [[case]] tables (lifter/setup = a preset name or a table of fields, plus field
/// overrides). Throws InputError naming the key. Does not call check_spec.
SweepSpec sweep_spec_from_toml(std::string_view text, std::string_view origin);
SweepSpec load_sweep_spec(const std::string& path);

/// Canonical TOML of a spec (every field written, grid values exact): sweep files record it,
/// and --resume compares it. sweep_spec_from_toml reads it back to an equal spec.
std::string to_toml(const SweepSpec& spec);

/// Worker threads for a request: 0 = every core; more than kMaxThreads, or negative, is an
/// InputError naming `field`.
inline constexpr long long kMaxThreads = 256;
unsigned resolve_threads(long long requested, std::string_view field = "threads");

/// One row of results: the summary, or why the pull could not be set up.
struct SweepRow {
  std::size_t index = 0;
  SweepCase input;
  Summary summary;
  std::string error;  // empty when the setup was valid (an InputError's message otherwise)
  Result result;      // the pull's time series when spec.options.store_series (else empty)
  bool banded = false;      // the sweep draws samples (spec.uncertainty.samples > 0)
  std::vector<Band> bands;  // when banded and valid: one per numeric summary field
};

namespace detail {

// The columns of a sweep row in table order, each path as its three parts
// visit(prefix, name, suffix, value, unit): for_each_sweep_column joins them once.
template <class Visitor>
void visit_sweep_columns(const SweepRow& row, Visitor&& visit) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const bool ran = row.error.empty();
  visit("", "index", "", static_cast<std::uint64_t>(row.index), "");
  for_each_field(row.input.lifter, [&](const auto& value, const FieldInfo& info) {
    visit("inputs/lifter/", info.name, "", value, info.unit);
  });
  for_each_field(row.input.setup, [&](const auto& value, const FieldInfo& info) {
    visit("inputs/setup/", info.name, "", value, info.unit);
  });
  const Summary& s = row.summary;
  for_each_summary_field(s, [&](const char* name, const auto& value, const char* unit) {
    using T = std::decay_t<decltype(value)>;
    if constexpr (std::is_same_v<T, double>) {
      visit("summary/", name, "", ran ? value : kNaN, unit);
    } else if constexpr (std::is_same_v<T, std::size_t>) {
      visit("summary/", name, "", static_cast<std::uint64_t>(ran ? value : 0), unit);
    } else if constexpr (std::is_same_v<T, bool>) {
      visit("summary/", name, "", ran && value, unit);
    } else {
      visit("summary/", name, "", value, unit);
    }
  });
  for (std::size_t i = 0; i < kStartAngleNames.size(); ++i) {
    visit("summary/start_", kStartAngleNames[i], "_deg", ran ? s.start_angles_deg[i] : kNaN, "deg");
  }
  if (row.banded) {
    for_each_summary_field(s, [&](const char* name, const auto& value, const char* unit) {
      if constexpr (std::is_same_v<std::decay_t<decltype(value)>, double>) {
        double p05 = kNaN, median = kNaN, p95 = kNaN;
        for (const Band& band : row.bands) {
          if (band.field == name) {
            p05 = band.p05;
            median = band.median;
            p95 = band.p95;
          }
        }
        visit("summary/", name, "_p05", p05, unit);
        visit("summary/", name, "_median", median, unit);
        visit("summary/", name, "_p95", p95, unit);
      }
    });
  }
  visit("", "error", "", row.error, "");
}

}  // namespace detail

/// The columns of a sweep row, in table order: visit(path, value, unit), value a double, bool,
/// std::uint64_t or std::string. Paths: "index", "inputs/lifter/<field>",
/// "inputs/setup/<field>", "summary/<field>" (for_each_summary_field, then
/// "summary/start_<angle>_deg"), then for a banded row "summary/<field>_p05", "_median" and
/// "_p95" of each numeric summary field, and "error". For a row with `error` set nothing was
/// simulated: its summary numbers and bands are NaN, flags false and counts 0. This one list
/// drives the HDF5 sweep file, the Python table and docs/files.md.
template <class Visitor>
void for_each_sweep_column(const SweepRow& row, Visitor&& visit) {
  // the paths are the same in every row of a kind (banded or not): joined once, not a hundred
  // strings built for each of a sweep's millions of rows
  static const std::array<std::vector<std::string>, 2> kPaths = [] {
    std::array<std::vector<std::string>, 2> paths;
    for (const bool banded : {false, true}) {
      SweepRow prototype;
      prototype.banded = banded;
      detail::visit_sweep_columns(
          prototype, [&](std::string_view prefix, std::string_view name, std::string_view suffix,
                         const auto&, std::string_view) {
            std::string path;
            path.reserve(prefix.size() + name.size() + suffix.size());
            path.append(prefix).append(name).append(suffix);
            paths[banded].push_back(std::move(path));
          });
    }
    return paths;
  }();
  const std::vector<std::string>& paths = kPaths[row.banded];
  std::size_t k = 0;
  detail::visit_sweep_columns(
      row, [&](std::string_view, std::string_view, std::string_view, const auto& value,
               std::string_view unit) { visit(paths[k++], value, unit); });
}

/// Receives a sweep's rows in index order, on the thread that called run_sweep, while the
/// workers simulate the next chunk (so it must not share state with the simulation). A sink
/// may move a row's result out.
class SweepSink {
 public:
  virtual ~SweepSink() = default;
  virtual void row(SweepRow& row) = 0;
  /// After each chunk's rows (`rows_done` rows delivered in all, counting the first row).
  virtual void chunk_done(std::size_t /*rows_done*/) {}
};

/// How the pulls of a sweep ended.
struct SweepCounts {
  std::size_t completed = 0;  // reached lockout
  std::size_t failed = 0;     // simulated, but the lift did not complete (summary.status says why)
  std::size_t errors = 0;     // impossible setup: a row with `error` set, nothing simulated
  std::size_t rows = 0;       // rows delivered (this run and, when resumed, before it)
  std::size_t resumed = 0;    // rows a resumed sweep file already held (not run again)
  bool interrupted = false;   // stopped early by should_stop

  void add(const SweepRow& row) {
    ++(!row.error.empty() ? errors : row.summary.completed ? completed : failed);
  }
};

/// How to run a sweep.
struct SweepRun {
  unsigned threads = 1;        // worker threads (resolve_threads)
  std::size_t first = 0;       // start at this row (a resumed sweep)
  // stop before this row (a distributed sweep's chunk runs rows [first, end)); past the
  // spec's size means to the end
  std::size_t end = std::numeric_limits<std::size_t>::max();
  std::size_t chunk_rows = 0;  // rows per chunk; 0 = 128 per thread
  /// (rows done, total), on the calling thread after each chunk
  std::function<void(std::size_t, std::size_t)> on_progress;
  /// asked between chunks, on the calling thread: true stops the sweep after that chunk
  std::function<bool()> should_stop;
};

/// Runs rows [run.first, min(run.end, spec.size())) on run.threads threads, chunk by chunk. A case
/// that throws InputError becomes a row with `error` set; any other exception stops the sweep and
/// is rethrown after the workers have joined. Returns the counts of this run's rows.
SweepCounts run_sweep(const SweepSpec& spec, const SweepRun& run, SweepSink& sink);

}  // namespace spineload
