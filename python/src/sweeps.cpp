// Sweeps: summaries of many pulls as NumPy columns, or streamed to HDF5, GIL released.
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <type_traits>

#include "bindings.hpp"
#include "spineload/sweep.hpp"

namespace py = pybind11;

namespace spineload::python {

namespace {

// Progress callback that takes the GIL only for the moment it calls into Python.
std::function<void(std::size_t, std::size_t)> progress_callback(const py::object& callback) {
  if (callback.is_none()) return {};
  return [callback](std::size_t done, std::size_t total) {
    py::gil_scoped_acquire acquire;
    callback(done, total);
  };
}

// How the pulls of a sweep ended, as the dict sweep_to_hdf5 returns.
py::dict counts_dict(std::size_t count, const SweepCounts& counts) {
  py::dict out;
  out["count"] = count;
  out["completed"] = counts.completed;
  out["failed"] = counts.failed;
  out["errors"] = counts.errors;
  return out;
}

}  // namespace

void bind_sweeps(py::module_& m) {
  m.def("sweep_table", [](const std::vector<std::pair<Lifter, Setup>>& cases,
                          const SimulationOptions& options, unsigned threads,
                          const py::object& progress) {
    SweepSpec spec;
    spec.options = options;
    spec.options.store_series = false;  // this table holds summaries only
    spec.cases.reserve(cases.size());
    for (const auto& [lifter, setup] : cases) spec.cases.push_back({lifter, setup});
    const std::size_t n = cases.size();
    // one column per summary field (for_each_summary_field order), filled in row order
    struct Column {
      const char* name;
      enum Kind { kNumber, kFlag, kCount, kText } kind;
      std::vector<double> numbers;
      std::vector<std::string> texts;
    };
    std::vector<Column> columns;
    const Summary prototype;
    for_each_summary_field(prototype, [&](const char* name, const auto& value, const char*) {
      using T = std::decay_t<decltype(value)>;
      const auto kind = std::is_same_v<T, std::string> ? Column::kText
                        : std::is_same_v<T, bool>      ? Column::kFlag
                        : std::is_same_v<T, double>    ? Column::kNumber
                                                       : Column::kCount;
      columns.push_back({name, kind, {}, {}});
      if (kind == Column::kText) {
        columns.back().texts.resize(n);
      } else {
        columns.back().numbers.resize(n);
      }
    });
    std::vector<std::string> error(n);
    auto on_row = [&](const SweepRow& row) {
      std::size_t k = 0;
      for_each_summary_field(row.summary, [&](const char*, const auto& value, const char*) {
        Column& column = columns[k++];
        if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::string>) {
          column.texts[row.index] = value;
        } else {
          column.numbers[row.index] = static_cast<double>(value);
        }
      });
      error[row.index] = row.error;
    };
    {
      py::gil_scoped_release release;
      run_sweep(spec, threads, on_row, progress_callback(progress));
    }
    py::dict out;
    for (const Column& column : columns) {
      if (column.kind == Column::kText) {
        out[column.name] = column.texts;
        continue;
      }
      py::array values = py::array(py::cast(column.numbers));
      if (column.kind == Column::kFlag) values = values.attr("astype")("bool");
      if (column.kind == Column::kCount) values = values.attr("astype")("int64");
      out[column.name] = values;
    }
    out["error"] = error;
    return out;
  }, py::arg("cases"), py::arg("options"), py::arg("threads") = 0,
        py::arg("progress") = py::none(),
        "Run (lifter, setup) pairs on C++ threads; summary columns in input order.");

  m.def("sweep_grid_to_hdf5", [](const Lifter& lifter, const Setup& setup,
                                 const std::vector<std::pair<std::string, std::vector<std::string>>>& grid,
                                 const SimulationOptions& options, const std::string& path,
                                 unsigned threads, const py::object& progress) {
    SweepSpec spec;
    spec.base_lifter = lifter;
    spec.base_setup = setup;
    spec.options = options;
    for (const auto& [field, values] : grid) spec.grid.push_back({field, values});
    spec.case_at(0);  // with the GIL held: a bad axis is a ValueError now
    SweepCounts counts;
    {
      py::gil_scoped_release release;
      counts = run_sweep_to_hdf5(spec, threads, path, progress_callback(progress));
    }
    return counts_dict(spec.size(), counts);
  }, py::arg("lifter"), py::arg("setup"), py::arg("grid"), py::arg("options"), py::arg("path"),
        py::arg("threads") = 0, py::arg("progress") = py::none(),
        "Stream a grid sweep to HDF5 (flat memory, complete or not at all).");

  m.def("sweep_spec_to_hdf5", [](const std::string& spec_path, const std::string& path,
                                 unsigned threads, const py::object& progress, bool series) {
    SweepSpec spec = load_sweep_spec(spec_path);
    spec.options.store_series = spec.options.store_series || series;
    SweepCounts counts;
    {
      py::gil_scoped_release release;
      counts = run_sweep_to_hdf5(spec, threads, path, progress_callback(progress));
    }
    return counts_dict(spec.size(), counts);
  }, py::arg("spec"), py::arg("path"), py::arg("threads") = 0, py::arg("progress") = py::none(),
        py::arg("series") = false);
}

}  // namespace spineload::python
