// Lifter, Setup and SimulationOptions: properties, keyword construction, presets, dicts and
// TOML, all generated from the C++ field lists and set through the one typed setter.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "spineload/config.hpp"
#include "spineload/error.hpp"
#include "spineload/output.hpp"
#include "spineload/uncertainty.hpp"

#include <cmath>

namespace py = pybind11;

namespace spineload::python {

namespace {

bool is_real_number(const py::handle& value) {
  // int, float and the numpy scalar types register as numbers.Real (numpy.bool_ does not)
  static const py::handle real = py::object(py::module_::import("numbers").attr("Real")).release();
  return PyFloat_Check(value.ptr()) || PyLong_Check(value.ptr()) || py::isinstance(value, real);
}

bool is_bool(const py::handle& value) {
  if (PyBool_Check(value.ptr())) return true;
  const std::string type = Py_TYPE(value.ptr())->tp_name;
  return type == "numpy.bool_" || type == "numpy.bool";
}

std::string repr_of(const py::handle& value) { return py::str(py::repr(value)); }

// A whole input from keyword arguments or a dict: every key set through set_field, and every
// required field present.
template <class Input>
Input from_mapping(const py::handle& mapping) {
  Input input;
  py::dict items = py::dict(py::reinterpret_borrow<py::object>(mapping));
  for (const auto& [key, value] : items) {
    if (!PyUnicode_Check(key.ptr())) {
      throw InputError(repr_of(key), repr_of(value), "field names are text");
    }
    const std::string name = py::str(key);
    set_field(input, name, field_value(value, name));
  }
  for_each_field(input, [&](const auto&, const FieldInfo& info) {
    if (info.required && !items.contains(py::str(std::string(info.name)))) {
      throw InputError(std::string(info.name), "(missing)",
                       "required (" + std::string(info.doc) + ")" +
                           (info.unit.empty() ? "" : ", " + std::string(info.unit)));
    }
  });
  return input;
}

template <class Input>
std::string repr(const Input& input, const char* type) {
  std::string out = std::string(type) + "(";
  bool first = true;
  for_each_field(input, [&](const auto& value, const FieldInfo& info) {
    out += (first ? "" : ", ") + std::string(info.name) + "=" + repr_of(py::cast(value));
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
    row["choices"] = std::vector<std::string>(info.choices.begin(), info.choices.end());
    row["integer"] = info.integer;
    row["required"] = info.required;
    rows.append(row);
  });
  return rows;
}

bool is_path_like(const py::handle& value) {
  return PyUnicode_Check(value.ptr()) || py::hasattr(value, "__fspath__");
}

template <class Input>
Input input_from_toml(const py::handle& path_or_text,
                      Input (*from_text)(std::string_view, std::string_view)) {
  if (!is_path_like(path_or_text)) {
    throw py::type_error("from_toml: expected TOML text or a path, got " +
                         std::string(Py_TYPE(path_or_text.ptr())->tp_name));
  }
  const std::string text = fspath(path_or_text);
  // TOML text has a key = value line; a path has neither '=' nor a newline
  if (PyUnicode_Check(path_or_text.ptr()) &&
      (text.find('=') != std::string::npos || text.find('\n') != std::string::npos)) {
    return from_text(text, "TOML text");
  }
  return from_text(read_input_file(text, input_name(Input{})), text);
}

template <class Input>
std::string write_toml(const Input& input, const py::object& path, bool overwrite) {
  const std::string text = to_toml(input);
  if (path.is_none()) return text;
  const OutputTarget target = check_output_target(fspath(path), overwrite, {}, "path");
  write_atomically(target, [&](const std::string& partial) {
    py::module_::import("pathlib").attr("Path")(partial).attr("write_text")(text, "utf-8");
  });
  return text;
}

// Defines one input class: keyword constructor, a property per field, dict/TOML conversion.
template <class Input>
py::class_<Input> bind_input(py::module_& m, const char* name, const char* doc) {
  py::class_<Input> cls(m, name, doc);
  cls.def(py::init([](const py::kwargs& kwargs) { return from_mapping<Input>(kwargs); }),
          "Keyword arguments are field names (see fields()).")
      .def("__repr__", [name](const Input& i) { return repr(i, name); })
      .def("__eq__", [](const Input& a, const Input& b) { return a == b; })
      // against anything else: not equal (Python then tries the other side), never a TypeError
      .def("__eq__",
           [](const Input&, const py::object&) {
             return py::object(py::reinterpret_borrow<py::object>(Py_NotImplemented));
           })
      .def("__copy__", [](const Input& i) { return Input(i); })
      .def("__deepcopy__", [](const Input& i, py::dict) { return Input(i); })
      .def("to_dict", &fields_dict<Input>, "Every field as a dict.")
      .def_static(
          "from_dict", [](const py::dict& d) { return from_mapping<Input>(d); }, py::arg("fields"),
          "Build from a dict of field values.")
      .def_static(
          "fields", [] { return field_table(Input{}); },
          "Name, unit, allowed range, doc and default of every field.")
      .def(py::pickle([](const Input& i) { return fields_dict(i); },
                      [](const py::dict& d) { return from_mapping<Input>(d); }));
  const Input defaults{};
  for_each_field(defaults, [&](const auto&, const FieldInfo& info) {
    const std::string field(info.name);
    cls.def_property(
        field.c_str(),
        [field](const Input& i) {
          py::object out;
          for_each_field(i, [&](const auto& value, const FieldInfo& f) {
            if (f.name == field) out = py::cast(value);
          });
          return out;
        },
        [field](Input& i, const py::handle& v) { set_field(i, field, field_value(v, field)); },
        (std::string(info.doc) + (info.unit.empty() ? "" : " [" + std::string(info.unit) + "]"))
            .c_str());
  });
  return cls;
}

template <class Input>
void bind_file_methods(py::class_<Input>& cls, Input (*load)(std::string_view),
                       std::vector<std::string> (*names)(),
                       Input (*from_text)(std::string_view, std::string_view)) {
  cls.def_static(
         "preset", [load](const py::handle& name) { return load(fspath(name)); }, py::arg("name"),
         "A built-in preset by name (preset_names()), or a TOML file.")
      .def_static("preset_names", names, "Names of the built-in presets.")
      .def_static(
          "from_toml", [from_text](const py::handle& p) { return input_from_toml(p, from_text); },
          py::arg("path_or_text"), "Read a TOML file (or TOML text).")
      .def("to_toml", &write_toml<Input>, py::arg("path") = py::none(),
           py::arg("overwrite") = false,
           "TOML text of every field; also written to `path` when given (an existing file is "
           "replaced only with overwrite=True).");
}

Lifter load_lifter_view(std::string_view s) { return load_lifter(s); }
Setup load_setup_view(std::string_view s) { return load_setup(s); }

}  // namespace

std::string fspath(const py::handle& value) {
  return py::str(py::module_::import("os").attr("fspath")(value));
}

FieldValue field_value(const py::handle& value, std::string_view field) {
  if (is_bool(value)) return PyObject_IsTrue(value.ptr()) != 0;
  if (PyUnicode_Check(value.ptr())) return value.cast<std::string>();
  if (is_real_number(value)) {
    const double number = PyFloat_AsDouble(value.ptr());
    if (number == -1.0 && PyErr_Occurred()) {
      PyErr_Clear();  // 10**400: larger than any double
      throw InputError(std::string(field), repr_of(value), "not representable as a number");
    }
    return number;
  }
  throw InputError(
      std::string(field), repr_of(value),
      "expected a number, true/false or text, not " + std::string(Py_TYPE(value.ptr())->tp_name));
}

template <class Input>
Input to_input(const py::handle& value, const char* what, Input (*load)(std::string_view)) {
  if (py::isinstance<Input>(value)) return value.cast<Input>();
  if (is_path_like(value)) return load(fspath(value));
  if (PyDict_Check(value.ptr())) return from_mapping<Input>(value);
  throw py::type_error(std::string(what) + ": expected a spineload." +
                       (std::string_view(what) == "lifter" ? "Lifter" : "Setup") +
                       ", a preset name, a .toml path or a dict of fields, not " +
                       Py_TYPE(value.ptr())->tp_name);
}

Lifter to_lifter(const py::handle& value) {
  return to_input<Lifter>(value, "lifter", &load_lifter_view);
}
Setup to_setup(const py::handle& value) {
  if (value.is_none()) return Setup{};
  return to_input<Setup>(value, "setup", &load_setup_view);
}

unsigned threads_of(const py::handle& threads) {
  if (threads.is_none()) return resolve_threads(0);
  return resolve_threads(static_cast<long long>(whole_number(threads, "threads", -1e18, 1e18)));
}

Uncertainty uncertainty_of(const py::handle& samples, const py::handle& seed,
                           const py::handle& file) {
  std::optional<std::size_t> n;
  std::optional<std::uint64_t> s;
  if (!samples.is_none()) n = static_cast<std::size_t>(whole_number(samples, "samples", 1, 1e6));
  if (!seed.is_none()) s = static_cast<std::uint64_t>(whole_number(seed, "seed", 0, 1e15));
  return uncertainty_for(file.is_none() ? "" : fspath(file), n, s);
}

double whole_number(const py::handle& value, std::string_view name, double min, double max) {
  const FieldValue v = field_value(value, name);
  const double* number = std::get_if<double>(&v);
  if (!number) throw InputError(std::string(name), repr_of(value), "expected a number");
  // checked like an integer field
  check_field(FieldInfo{.name = name, .min = min, .max = max, .integer = true}, *number);
  return *number;
}

SimulationOptions options_from_kwargs(const py::kwargs& kwargs) {
  SimulationOptions options;
  for (const auto& [key, value] : kwargs) {
    const std::string name = py::str(key);
    set_field(options, name, field_value(value, name));
  }
  return options;
}

void bind_inputs(py::module_& m) {
  auto lifter =
      bind_input<Lifter>(m, "Lifter",
                         "What the lifter is: anthropometrics, strength, spine model. height, mass "
                         "and sex are required; see fields().");
  bind_file_methods(lifter, &load_lifter_view, &lifter_preset_names, &lifter_from_toml);
  auto setup =
      bind_input<Setup>(m, "Setup", "What the lift is: load, bar position, posture, tempo.");
  bind_file_methods(setup, &load_setup_view, &setup_preset_names, &setup_from_toml);
  auto options =
      bind_input<SimulationOptions>(m, "SimulationOptions", "Integration and sampling settings.");
  options.def("to_toml", [](const SimulationOptions& o) { return to_toml(o); });
}

}  // namespace spineload::python
