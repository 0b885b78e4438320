// Lifter, Setup and SimulationOptions: properties, keyword construction, dicts and TOML, all
// generated from the C++ field lists.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "spineload/config.hpp"
#include "spineload/error.hpp"
#include "spineload/options.hpp"
#include "spineload/model.hpp"
#include "spineload/report.hpp"

namespace py = pybind11;

namespace spineload::python {

namespace {

template <class Input>
py::object get_field(const Input& input, const std::string& name) {
  py::object out = py::none();
  for_each_field(input, [&](const auto& value, const FieldInfo& info) {
    if (info.name == name) out = py::cast(value);
  });
  return out;
}

// Assigns a Python value to a field, converting and range-checking it (InputError otherwise).
template <class Input>
void set_field_value(Input& input, const std::string& name, const py::handle& value) {
  bool known = false;
  for_each_field(input, [&](auto& field, const FieldInfo& info) {
    if (info.name != name) return;
    known = true;
    using T = std::decay_t<decltype(field)>;
    T converted{};
    if constexpr (std::is_same_v<T, double>) {
      if (!py::isinstance<py::float_>(value) && !py::isinstance<py::int_>(value)) {
        throw InputError(name, py::str(py::repr(value)), "expected a number");
      }
      if (py::isinstance<py::bool_>(value)) {
        throw InputError(name, py::str(py::repr(value)), "expected a number");
      }
      converted = value.cast<double>();
    } else if constexpr (std::is_same_v<T, bool>) {
      if (!py::isinstance<py::bool_>(value)) {
        throw InputError(name, py::str(py::repr(value)), "expected True or False");
      }
      converted = value.cast<bool>();
    } else {
      if (!py::isinstance<py::str>(value)) {
        throw InputError(name, py::str(py::repr(value)), "expected a string");
      }
      converted = value.cast<std::string>();
    }
    check_field(info, converted);
    field = converted;
  });
  if (!known) {
    std::string allowed;
    for_each_field(input, [&](const auto&, const FieldInfo& info) {
      allowed += (allowed.empty() ? "" : ", ") + std::string(info.name);
    });
    throw InputError(name, py::str(py::repr(value)), "unknown field; allowed: " + allowed);
  }
}

template <class Input>
py::dict to_dict(const Input& input) {
  py::dict out;
  for_each_field(input, [&](const auto& value, const FieldInfo& info) {
    out[py::str(std::string(info.name))] = py::cast(value);
  });
  return out;
}

template <class Input>
Input from_kwargs(const py::kwargs& kwargs) {
  Input input;
  for (const auto& [key, value] : kwargs) set_field_value(input, py::str(key), value);
  return input;
}

template <class Input>
std::string repr(const Input& input, const char* type) {
  std::string out = std::string(type) + "(";
  bool first = true;
  for_each_field(input, [&](const auto& value, const FieldInfo& info) {
    out += (first ? "" : ", ") + std::string(info.name) + "=" +
           py::str(py::repr(py::cast(value))).template cast<std::string>();
    first = false;
  });
  return out + ")";
}

py::list field_table(const auto& input) {
  py::list rows;
  for_each_field(input, [&](const auto& value, const FieldInfo& info) {
    py::dict row;
    row["name"] = std::string(info.name);
    row["unit"] = std::string(info.unit);
    row["min"] = info.min;
    row["max"] = info.max;
    row["doc"] = std::string(info.doc);
    row["default"] = py::cast(value);
    std::vector<std::string> choices(info.choices.begin(), info.choices.end());
    row["choices"] = choices;
    rows.append(row);
  });
  return rows;
}

// Defines one input class: keyword constructor, a property per field, dict/TOML conversion.
template <class Input>
void bind_input(py::module_& m, const char* name, const char* doc) {
  py::class_<Input> cls(m, name, doc);
  cls.def(py::init(&from_kwargs<Input>), "Keyword arguments are field names (see fields()).")
      .def("__repr__", [name](const Input& i) { return repr(i, name); })
      .def("__eq__", [](const Input& a, const Input& b) { return a == b; })
      .def("__copy__", [](const Input& i) { return Input(i); })
      .def("__deepcopy__", [](const Input& i, py::dict) { return Input(i); })
      .def("to_dict", &to_dict<Input>, "Every field as a dict.")
      .def_static("fields", [] { const Input defaults{}; return field_table(defaults); },
                  "Name, unit, allowed range, doc and default of every field.")
      .def(py::pickle([](const Input& i) { return to_dict(i); },
                      [](const py::dict& d) {
                        Input input;
                        for (const auto& [k, v] : d) set_field_value(input, py::str(k), v);
                        return input;
                      }));
  const Input defaults{};
  for_each_field(defaults, [&](const auto&, const FieldInfo& info) {
    const std::string field(info.name);
    cls.def_property(
        field.c_str(), [field](const Input& i) { return get_field(i, field); },
        [field](Input& i, const py::object& v) { set_field_value(i, field, v); },
        (std::string(info.doc) + (info.unit.empty() ? "" : " [" + std::string(info.unit) + "]"))
            .c_str());
  });
}

}  // namespace

void bind_inputs(py::module_& m) {
  bind_input<Lifter>(m, "Lifter", "What the lifter is: anthropometrics, strength, spine model.");
  bind_input<Setup>(m, "Setup", "What the lift is: load, bar position, posture, tempo.");
  bind_input<SimulationOptions>(m, "SimulationOptions", "Integration and sampling settings.");

  m.def("lifter_preset_names", &lifter_preset_names);
  m.def("setup_preset_names", &setup_preset_names);
  m.def("load_lifter", [](const std::string& s) { return load_lifter(s); },
        "A lifter preset by name, or a TOML file.");
  m.def("load_setup_with_overrides",
        [](const std::string& s) { return load_setup_with_overrides(s); },
        "A setup from NAME or NAME:FIELD=VALUE[,FIELD=VALUE...] (compare's syntax).");
  m.def("load_setup", [](const std::string& s) { return load_setup(s); },
        "A setup preset by name, or a TOML file.");
  m.def("lifter_from_toml", [](const std::string& text) { return lifter_from_toml(text, "TOML"); });
  m.def("setup_from_toml", [](const std::string& text) { return setup_from_toml(text, "TOML"); });
  m.def("lifter_to_toml", [](const Lifter& l) { return to_toml(l); });
  m.def("setup_to_toml", [](const Setup& s) { return to_toml(s); });
  m.def("model_text", [](const Lifter& l, double load) { return model_text(make_model(l, load)); },
        py::arg("lifter"), py::arg("load") = 100.0,
        "The scaled model as a readable table, as `spineload model` prints it.");
  m.def("model_json", [](const Lifter& l, double load) { return model_json(make_model(l, load)); },
        py::arg("lifter"), py::arg("load") = 100.0, "The scaled model as JSON text.");
}

}  // namespace spineload::python
