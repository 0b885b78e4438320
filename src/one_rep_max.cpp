// The one-repetition maximum (docs/model.md 5.8).
#include "spineload/one_rep_max.hpp"

#include <algorithm>
#include <cmath>

#include "spineload/error.hpp"
#include "spineload/simulate.hpp"

namespace spineload {

namespace {
constexpr double kMinLoad = 1.0;    // kg, lighter than this counts as no load at all
constexpr double kMaxLoad = 600.0;  // kg, Setup's own ceiling
}  // namespace

OneRepMax one_rep_max(const Lifter& lifter, const Setup& setup, const SimulationOptions& options,
                      double tolerance_kg) {
  validate_fields(setup);
  validate_fields(options);
  if (!(tolerance_kg > 0.0)) {
    throw InputError("tolerance", exact_number(tolerance_kg), "must be > 0 kg");
  }
  if (setup.motion == "hold") {  // a hold fails only where standing does: no lift to max
    throw InputError("motion", "\"hold\"",
                     "a one-rep max (or a load in % of it) needs a lift: pull or from_hang");
  }
  Model model = model_for_setup(make_model(lifter), setup);  // its arms and stance, once
  SimulationOptions quiet = options;
  quiet.store_series = false;  // probes need their summaries only
  OneRepMax out;
  Setup probe = setup;
  probe.load_percent = 0.0;
  Result result;
  // a load that cannot be set up at all (an impossible posture) is an error at the first probe;
  // heavier probes that cannot be set up count as too heavy
  bool first = true;
  auto completes = [&](double load) {
    probe.load = load;
    ++out.pulls;
    try {
      simulate_into(model, probe, quiet, result);
    } catch (const InputError& e) {
      if (first) throw;
      result.summary = Summary{};
      result.summary.status = std::string("no posture for this load: ") + e.what();
    }
    first = false;
    if (!result.summary.completed && (out.above_load == 0 || load < out.above_load)) {
      out.above = result.summary;
      out.above_load = load;
    }
    return result.summary.completed;
  };
  double lo = 0, hi = 0;  // completes at lo (0: none yet), fails at hi
  // from the lifter's body mass, whatever setup.load says, so the answer depends only on the
  // lifter and the setup's other fields
  double load = std::clamp(lifter.mass, kMinLoad, kMaxLoad);
  if (completes(load)) {
    lo = load;
    while (hi == 0 && lo < kMaxLoad) {
      load = std::min(2 * lo, kMaxLoad);
      (completes(load) ? lo : hi) = load;
    }
    if (hi == 0) hi = kMaxLoad;  // completes even the heaviest load the model takes
  } else {
    hi = load;
    while (lo == 0 && hi > kMinLoad) {
      load = std::max(hi / 2, kMinLoad);
      if (completes(load)) {
        lo = load;
      } else if (load == kMinLoad) {
        hi = load;
        break;
      } else {
        hi = load;
      }
    }
  }
  while (lo > 0 && hi - lo > tolerance_kg) {
    const double mid = 0.5 * (lo + hi);
    (completes(mid) ? lo : hi) = mid;
  }
  out.load = lo;
  if (lo > 0) {
    probe.load = lo;
    simulate_into(model, probe, options, out.at_max);
    ++out.pulls;
  }
  return out;
}

}  // namespace spineload
