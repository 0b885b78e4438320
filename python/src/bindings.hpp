// Shared declarations of the binding files (one per C++ area).
#pragma once

#include <pybind11/pybind11.h>

#include <string>

#include "spineload/fields.hpp"
#include "spineload/lifter.hpp"
#include "spineload/options.hpp"
#include "spineload/setup.hpp"
#include "spineload/spread.hpp"

namespace spineload::python {

void bind_inputs(pybind11::module_& m);
void bind_results(pybind11::module_& m);
void bind_sweeps(pybind11::module_& m);
void bind_cli(pybind11::module_& m);

/// Every field of an input struct as a dict {name: value} (Result.summary's lifter/setup/options
/// and the inputs' to_dict).
template <class Input>
pybind11::dict fields_dict(const Input& input) {
  pybind11::dict out;
  for_each_field(input, [&](const auto& value, const FieldInfo& info) {
    out[pybind11::str(std::string(info.name))] = pybind11::cast(value);
  });
  return out;
}

/// os.fspath(value) as text: a path given as str or os.PathLike.
std::string fspath(const pybind11::handle& value);

/// A Python value as a field value: bool and numpy.bool_ -> bool; int, float and numpy
/// numbers -> double; str -> text. InputError naming `field` for anything else.
FieldValue field_value(const pybind11::handle& value, std::string_view field);

/// What a function accepts where a Lifter or Setup is expected: the object itself, a preset
/// name or TOML path (str or os.PathLike), or a dict of fields. TypeError otherwise.
Lifter to_lifter(const pybind11::handle& value);
Setup to_setup(const pybind11::handle& value);

/// A whole number in [min, max] from a Python value (a thread count, a limit); InputError
/// naming `name` otherwise.
double whole_number(const pybind11::handle& value, std::string_view name, double min, double max);

/// Worker threads from a Python value: None or 0 = every core (resolve_threads).
unsigned threads_of(const pybind11::handle& threads);

/// The spreads of a run from the Python arguments (an [uncertainty] file or None, samples and
/// seed or None): uncertainty_for with each value checked.
Uncertainty uncertainty_of(const pybind11::handle& samples, const pybind11::handle& seed,
                           const pybind11::handle& file);

/// SimulationOptions from keyword arguments (field names), each checked.
SimulationOptions options_from_kwargs(const pybind11::kwargs& kwargs);

}  // namespace spineload::python
