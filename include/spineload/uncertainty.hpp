// Uncertainty bands: a pull's inputs are not known exactly (where the balance point is, the
// lifter's proportions, the spine's parameters), so every printed number has a spread. N
// samples of the uncertain inputs are drawn from documented distributions (docs/model.md,
// section 9) and each summary quantity is reported as its nominal value and 5-95 % band. Setups are
// compared sample by sample (the same draws for each), so a difference is known to be real
// when its own band excludes zero.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spineload/result.hpp"
#include "spineload/spread.hpp"
#include "spineload/sweep.hpp"

namespace spineload {

/// The documented default spreads (docs/model.md 9.1), `samples` samples.
Uncertainty default_uncertainty(std::size_t samples = 100, std::uint64_t seed = 1);

/// Reads the [uncertainty] table of a TOML text: `samples`, `seed`, and `inputs`, a table of
/// field = {scale = [lo, hi]} | {shift = [lo, hi]} | {scale_sd = x} | {shift_sd = x} (and an
/// optional `source`). Without `inputs`, the defaults; `defaults = false` starts from none.
/// Throws InputError naming the key.
Uncertainty uncertainty_from_toml(std::string_view text, std::string_view origin);
Uncertainty load_uncertainty(const std::string& path);

/// The spreads of a run as compare, report and sweep take them (command line and Python):
/// an [uncertainty] file's (`file`, or the documented defaults when empty), with `samples`
/// and `seed` over them when given; checked.
Uncertainty uncertainty_for(const std::string& file, std::optional<std::size_t> samples,
                            std::optional<std::uint64_t> seed);

/// The [uncertainty] table of `u` as TOML (samples, seed, defaults = false and every spread
/// with its source): uncertainty_from_toml reads it back to equal spreads. A sweep spec's
/// canonical TOML holds it.
std::string to_toml(const Uncertainty& u);

/// Checks every spread: a numeric lifter or setup field, lo <= hi, finite, sd >= 0.
void check_uncertainty(const Uncertainty& u);

/// Sample k of a lifter and setup: every spread applied, drawn from (seed, k, input) alone.
SweepCase draw_sample(const Lifter& lifter, const Setup& setup, const Uncertainty& u,
                      std::size_t k);

/// A setup with uncertainty: the nominal pull, how its samples ended, and a band per numeric
/// summary field.
struct UncertainPull {
  Result nominal;
  std::size_t samples = 0, completed = 0, failed = 0, errors = 0;
  std::vector<Band> bands;
  std::vector<Summary> sample_summaries;  // one per sample (errors: a default Summary)
  std::vector<bool> sample_ok;            // the sample ran (no impossible setup)
};

/// Runs the nominal pull and `u.samples` samples (on `threads` threads) of one setup.
UncertainPull simulate_with_uncertainty(const Lifter& lifter, const Setup& setup,
                                        const Uncertainty& u, const SimulationOptions& options = {},
                                        unsigned threads = 1);

/// The band of a setup's difference from a reference, sample by sample (the same draws):
/// nominal difference, median, 5 % and 95 %, over the samples where both are numbers.
Band difference_band(const UncertainPull& setup, const UncertainPull& reference,
                     std::string_view field);

/// Whether a difference is real: "differs" when its band excludes 0, "within" when not, and
/// "" (no verdict) with fewer than kMinSamplesForVerdict samples or when fewer than 90 % of
/// the samples have a value in both setups (the rest lifted nothing in one of them).
inline constexpr std::size_t kMinSamplesForVerdict = 50;
std::string difference_verdict(const Band& difference, std::size_t samples);

/// The band of a quantity from a list of values (NaN skipped).
Band band_of(std::string_view field, std::string_view unit, double nominal,
             std::vector<double> values);

}  // namespace spineload
