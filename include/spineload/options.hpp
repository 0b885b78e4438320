// How to integrate and sample a pull. Separate from Setup: these change the numerics, not
// the lift, and results must not depend on them beyond the stated tolerances.
#pragma once

#include <string>
#include <type_traits>

#include "spineload/fields.hpp"

namespace spineload {

struct SimulationOptions {
  double rate = 100.0;               // Hz, output samples per second
  double rtol = 1e-4;                // relative tolerance of the adaptive stepper
  double atol = 1e-4;                // absolute tolerance (rad, rad/s)
  double tracking_frequency = 2.0;   // Hz, natural frequency of the tracking-error dynamics
  double tracking_damping = 1.0;     // damping ratio of the tracking-error dynamics
  double max_steps = 1e6;            // adaptive steps before the run is declared stiff
  double fail_distance = 0.05;       // m, bar this far below plan -> lift failed, stop
  bool store_series = true;          // keep every sample (false: summary only)

  bool operator==(const SimulationOptions&) const = default;
};

/// How messages name this struct ("not a option field").
inline constexpr std::string_view input_name(const SimulationOptions&) { return "option"; }

template <class O, class Visitor>
  requires std::is_same_v<std::remove_const_t<O>, SimulationOptions>
void for_each_field(O& o, Visitor&& visit) {
  visit(o.rate, FieldInfo{"rate", "Hz", 1.0, 100000.0, "output sample rate"});
  visit(o.rtol, FieldInfo{"rtol", "", 1e-14, 1e-2, "relative tolerance"});
  visit(o.atol, FieldInfo{"atol", "", 1e-14, 1e-2, "absolute tolerance"});
  visit(o.tracking_frequency,
        FieldInfo{"tracking_frequency", "Hz", 0.5, 50.0, "tracking natural frequency"});
  visit(o.tracking_damping, FieldInfo{"tracking_damping", "", 0.1, 5.0, "tracking damping ratio"});
  visit(o.max_steps,
        FieldInfo{
            .name = "max_steps", .min = 10.0, .max = 1e8, .doc = "step budget", .integer = true});
  visit(o.fail_distance, FieldInfo{"fail_distance", "m", 0.01, 1.0, "bar lag that ends the lift"});
  visit(o.store_series, FieldInfo{"store_series", "", 0, 0, "keep every sample"});
}

}  // namespace spineload
