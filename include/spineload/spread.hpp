// The plain structs of uncertainty bands, shared by sweeps and comparisons: how an input
// varies between samples, the spreads of a run, and one summary quantity's band over the
// samples (docs/model.md, section 9; the algorithms are in uncertainty.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace spineload {

/// How one input varies between samples. `how`: "scale" multiplies the input's value (its
/// table value where 0 means "the table"), "shift" adds to it; drawn uniformly from [lo, hi],
/// or, with `sd` > 0, from a normal distribution (mean 1 for scale, 0 for shift; cut at 3 sd).
/// A draw outside the field's allowed range is held at the range's end.
struct InputSpread {
  std::string field;  // a numeric Lifter or Setup field
  std::string how;    // "scale" or "shift"
  double lo = 0, hi = 0;
  double sd = 0;
  std::string source;  // why this spread (printed in docs and reports)
};

struct Uncertainty {
  std::size_t samples = 0;  // 0: no bands
  std::uint64_t seed = 1;   // the same seed draws the same samples, on any number of threads
  std::vector<InputSpread> inputs;
};

/// One summary quantity over the samples: its nominal value (the inputs as given), the
/// median and the 5 % and 95 % quantiles (linear interpolation) of the samples where it is a
/// number, and how many those are.
struct Band {
  std::string field;  // a summary field (for_each_summary_field)
  std::string unit;
  double nominal = 0, p05 = 0, median = 0, p95 = 0;
  std::size_t count = 0;
};

}  // namespace spineload
