// Sweeps from Python: the spec built from typed Python values, run by the one C++ sweep
// engine with the GIL released, into a table of NumPy columns or an HDF5 file. Ctrl-C (a
// KeyboardInterrupt, a Jupyter interrupt) stops the sweep after its current chunk.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "bindings.hpp"
#include "spineload/uncertainty.hpp"
#include "spineload/sweep_file.hpp"

namespace py = pybind11;

namespace spineload::python {

namespace {

// Objects as a list: one object (not a list or tuple) becomes a list of one.
py::list as_list(const py::handle& value) {
  const auto object = py::reinterpret_borrow<py::object>(value);
  if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value)) return py::list(object);
  if (!PyUnicode_Check(value.ptr()) && !PyDict_Check(value.ptr()) &&
      py::hasattr(value, "__iter__") && !py::hasattr(value, "__fspath__") &&
      !py::isinstance<Lifter>(value) && !py::isinstance<Setup>(value)) {
    return py::list(object);  // a generator, a NumPy array, a range
  }
  py::list one;
  one.append(value);
  return one;
}

// A grid {field: values} as typed axes, in the dict's order.
std::vector<SweepAxis> axes_of(const py::dict& grid) {
  std::vector<SweepAxis> axes;
  for (const auto& [key, values] : grid) {
    SweepAxis axis{py::str(key), {}};
    for (const py::handle& value : as_list(values))
      axis.values.push_back(field_value(value, axis.field));
    axes.push_back(std::move(axis));
  }
  return axes;
}

// The one spec of a Python sweep: lifters x (a grid over a base setup, or a list of setups).
SweepSpec spec_of(const py::handle& lifters, const py::handle& setups, const py::handle& base_setup,
                  const SimulationOptions& options) {
  SweepSpec spec;
  spec.options = options;
  std::vector<Lifter> lifter_list;
  for (const py::handle& l : as_list(lifters)) lifter_list.push_back(to_lifter(l));
  if (lifter_list.empty()) throw InputError("lifters", "[]", "a sweep needs at least one lifter");
  spec.base_lifter = lifter_list.front();
  if (PyDict_Check(setups.ptr())) {
    spec.base_setup = to_setup(base_setup);
    spec.grid = axes_of(py::reinterpret_borrow<py::dict>(setups));
    if (lifter_list.size() > 1) spec.lifters = lifter_list;
  } else {
    const py::list setup_list = as_list(setups);
    if (setup_list.empty()) throw InputError("setups", "[]", "a sweep needs at least one setup");
    std::vector<Setup> typed;
    for (const py::handle& s : setup_list) typed.push_back(to_setup(s));
    for (const Lifter& l : lifter_list) {
      for (const Setup& s : typed) spec.cases.push_back({l, s});
    }
  }
  return spec;
}

// Progress and Ctrl-C, taking the GIL only for the moment they touch Python.
struct PythonHooks {
  py::object progress;
  std::optional<py::error_already_set> interrupt;

  void attach(SweepRun& run) {
    if (!progress.is_none()) {
      run.on_progress = [this](std::size_t done, std::size_t total) {
        py::gil_scoped_acquire acquire;
        progress(done, total);
      };
    }
    run.should_stop = [this] {
      py::gil_scoped_acquire acquire;
      if (PyErr_CheckSignals() == 0) return false;
      interrupt.emplace();  // fetches the KeyboardInterrupt; raised when the sweep returns
      return true;
    };
  }
  void raise_if_interrupted() {
    if (interrupt) throw std::move(*interrupt);
  }
};

// Summary columns of a sweep, filled row by row (for_each_sweep_column), keyed by their paths
// in a sweep file ("inputs/setup/load"); spineload.sweep names the DataFrame columns.
class TableSink : public SweepSink {
 public:
  explicit TableSink(bool keep_results) : keep_results_(keep_results) {}

  void row(SweepRow& row) override {
    std::size_t k = 0;
    for_each_sweep_column(row, [&](const std::string& path, const auto& value, std::string_view) {
      using T = std::decay_t<decltype(value)>;
      if (path == "index") return;
      if (columns_.size() <= k) columns_.push_back({path, kind<T>(), {}, {}});
      Column& column = columns_[k++];
      if constexpr (std::is_same_v<T, std::string>) {
        column.texts.push_back(value);
      } else {
        column.numbers.push_back(static_cast<double>(value));
      }
    });
    if (keep_results_) {
      results_.push_back(row.error.empty() ? std::optional<Result>(std::move(row.result))
                                           : std::nullopt);
    }
  }

  py::dict to_dict() {
    py::dict out;
    for (const Column& column : columns_) {
      if (column.kind == kText) {
        out[column.name.c_str()] = column.texts;
        continue;
      }
      py::array values = py::array(py::cast(column.numbers));
      if (column.kind == kFlag) values = values.attr("astype")("bool");
      if (column.kind == kCount) values = values.attr("astype")("int64");
      out[column.name.c_str()] = values;
    }
    if (keep_results_) {
      py::list results;
      for (auto& r : results_) results.append(r ? py::cast(std::move(*r)) : py::none());
      out["result"] = results;
    }
    return out;
  }

 private:
  enum Kind { kNumber, kFlag, kCount, kText };
  template <class T>
  static constexpr Kind kind() {
    if constexpr (std::is_same_v<T, std::string>) return kText;
    if constexpr (std::is_same_v<T, bool>) return kFlag;
    if constexpr (std::is_same_v<T, std::uint64_t>) return kCount;
    return kNumber;
  }
  struct Column {
    std::string name;
    Kind kind;
    std::vector<double> numbers;
    std::vector<std::string> texts;
  };
  bool keep_results_;
  std::vector<Column> columns_;
  std::vector<std::optional<Result>> results_;
};

// Runs the sweep's rows into table columns, with progress and Ctrl-C in Python (the GIL
// released while the C++ threads run).
py::dict run_into_table(const SweepSpec& spec, SweepRun run, const py::object& progress,
                        bool series) {
  PythonHooks hooks{progress, {}};
  hooks.attach(run);
  TableSink sink(series);
  {
    py::gil_scoped_release release;
    run_sweep(spec, run, sink);
  }
  hooks.raise_if_interrupted();
  return sink.to_dict();
}

// rows=(first, end) of a sweep of `size` rows: a distributed chunk. None: the whole sweep.
void set_rows(const py::handle& rows, std::size_t size, SweepRun& run) {
  if (rows.is_none()) return;
  const auto range = rows.cast<std::pair<py::handle, py::handle>>();
  run.first = static_cast<std::size_t>(whole_number(range.first, "rows", 0, double(size)));
  run.end = static_cast<std::size_t>(whole_number(range.second, "rows", 0, double(size)));
  if (run.end < run.first) {
    throw InputError("rows", "(" + std::to_string(run.first) + ", " + std::to_string(run.end) + ")",
                     "the end must not come before the first row");
  }
}

SweepLimits limits_of(const py::handle& max_pulls) {
  return {.max_pulls = static_cast<std::size_t>(whole_number(max_pulls, "max_pulls", 1, 1e18))};
}

py::dict counts_dict(std::size_t count, const SweepCounts& counts) {
  py::dict out;
  out["count"] = count;
  out["rows"] = counts.rows;
  out["resumed"] = counts.resumed;
  out["completed"] = counts.completed;
  out["failed"] = counts.failed;
  out["errors"] = counts.errors;
  out["interrupted"] = counts.interrupted;
  return out;
}

}  // namespace

void bind_sweeps(py::module_& m) {
  m.def(
      "sweep_table",
      [](const py::handle& lifters, const py::handle& setups, const py::handle& threads,
         bool series, const py::object& progress, const py::handle& max_pulls,
         const py::object& rows, const py::kwargs& options) {
        SimulationOptions opts = options_from_kwargs(options);
        opts.store_series = series;
        const SweepSpec spec = spec_of(lifters, setups, py::none(), opts);
        check_spec(spec, limits_of(max_pulls));
        SweepRun run{.threads = threads_of(threads)};
        set_rows(rows, spec.size(), run);
        return run_into_table(spec, run, progress, series);
      },
      py::arg("lifters"), py::arg("setups"), py::arg("threads") = 0, py::arg("series") = false,
      py::arg("progress") = py::none(), py::arg("max_pulls") = 10'000'000,
      py::arg("rows") = py::none(),
      "Run lifters x setups (a list, or a grid dict {field: values}) in C++ threads; "
      "columns in pull order. rows=(first, end): only those rows (a distributed chunk).");

  m.def(
      "sweep_spec_table",
      [](const std::string& text, const std::string& origin, const py::handle& rows,
         const py::handle& threads, const py::handle& max_pulls) {
        const SweepSpec spec = sweep_spec_from_toml(text, origin);
        check_spec(spec, limits_of(max_pulls));
        SweepRun run{.threads = threads_of(threads)};
        set_rows(rows, spec.size(), run);
        TableSink sink(false);
        {
          py::gil_scoped_release release;
          run_sweep(spec, run, sink);
        }
        return sink.to_dict();
      },
      py::arg("text"), py::arg("origin"), py::arg("rows"), py::arg("threads") = 0,
      py::arg("max_pulls") = 10'000'000,
      "Rows [first, end) of a sweep spec (TOML text, docs/files.md) as table columns.");

  m.def(
      "sweep_spec_size",
      [](const std::string& text, const std::string& origin, const py::handle& max_pulls) {
        const SweepSpec spec = sweep_spec_from_toml(text, origin);
        check_spec(spec, limits_of(max_pulls));
        return py::make_tuple(spec.size(), spec.axis_names());
      },
      py::arg("text"), py::arg("origin"), py::arg("max_pulls") = 10'000'000,
      "(pulls, grid axes) of a sweep spec (TOML text), checked as a sweep is.");

  m.def(
      "sweep_bands",
      [](const py::handle& lifters, const py::handle& setups, const py::handle& samples,
         const py::handle& seed, const py::object& uncertainty, const py::handle& threads,
         const py::object& progress, const py::handle& max_pulls, const py::object& rows,
         const py::kwargs& options) {
        SimulationOptions opts = options_from_kwargs(options);
        opts.store_series = false;
        SweepSpec spec = spec_of(lifters, setups, py::none(), opts);
        const Uncertainty& u = spec.uncertainty = uncertainty_of(samples, seed, uncertainty);
        check_spec(spec, limits_of(max_pulls));  // every sample is a pull
        SweepRun run{.threads = threads_of(threads)};
        set_rows(rows, spec.size(), run);
        py::dict result;
        result["table"] = run_into_table(spec, run, progress, false);
        result["samples"] = u.samples;
        result["seed"] = u.seed;
        return result;
      },
      py::arg("lifters"), py::arg("setups"), py::arg("samples") = py::none(),
      py::arg("seed") = py::none(), py::arg("uncertainty") = py::none(), py::arg("threads") = 0,
      py::arg("progress") = py::none(), py::arg("max_pulls") = 10'000'000,
      py::arg("rows") = py::none(),
      "A sweep with bands: each row's nominal summary and, per numeric summary field, the 5 %, "
      "median and 95 % over samples of the uncertain inputs (spineload.sweep(samples=N)). "
      "rows=(first, end): only those rows (a distributed chunk).");

  m.def(
      "sweep_size",
      [](const py::handle& lifters, const py::handle& setups, const py::handle& max_pulls) {
        const SweepSpec spec = spec_of(lifters, setups, py::none(), SimulationOptions{});
        check_spec(spec, limits_of(max_pulls));
        return spec.size();
      },
      py::arg("lifters"), py::arg("setups"), py::arg("max_pulls") = 10'000'000,
      "The number of pulls of lifters x setups (checked as a sweep is).");

  m.def(
      "sweep_to_hdf5",
      [](const py::object& path, const py::handle& lifter, const py::handle& setup,
         const py::handle& grid, const py::handle& threads, bool series, const py::object& progress,
         bool overwrite, bool resume, const py::handle& max_pulls, const py::kwargs& options) {
        if (!PyDict_Check(grid.ptr())) {
          throw py::type_error("grid: expected a dict {field: values}, not " +
                               std::string(Py_TYPE(grid.ptr())->tp_name));
        }
        SimulationOptions opts = options_from_kwargs(options);
        opts.store_series = series;
        const SweepSpec spec = spec_of(lifter, grid, setup, opts);
        check_spec(spec, limits_of(max_pulls));
        SweepFileOptions file_options{
            .force = overwrite, .resume = resume, .limits = limits_of(max_pulls)};
        file_options.run.threads = threads_of(threads);
        PythonHooks hooks{progress, {}};
        hooks.attach(file_options.run);
        const std::string target = py::str(py::module_::import("os").attr("fspath")(path));
        SweepCounts counts;
        {
          py::gil_scoped_release release;
          counts = run_sweep_to_hdf5(spec, target, file_options);
        }
        hooks.raise_if_interrupted();
        return counts_dict(spec.size(), counts);
      },
      py::arg("path"), py::arg("lifter"), py::arg("setup"), py::arg("grid"), py::arg("threads") = 0,
      py::arg("series") = false, py::arg("progress") = py::none(), py::arg("overwrite") = false,
      py::arg("resume") = false, py::arg("max_pulls") = 10'000'000,
      "Stream a grid sweep to HDF5 (flat memory, resumable; docs/files.md).");
}

}  // namespace spineload::python
