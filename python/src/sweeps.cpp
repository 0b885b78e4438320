// Sweeps: summaries of many pulls as NumPy columns, or streamed to HDF5, GIL released.
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

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

// Columns of a sweep table, filled row by row: every row adds the same names in the same
// order, and the first row makes the columns. Numbers, flags (bool), counts and text become
// float64, bool, int64 and str columns.
class Table {
 public:
  explicit Table(std::size_t rows) : rows_(rows) {}

  void begin_row(std::size_t row) {
    row_ = row;
    next_ = 0;
  }

  template <class T>
  void add(std::string_view name, const T& value) {
    if (next_ == columns_.size()) {
      const Kind kind = std::is_same_v<T, std::string> ? kText
                        : std::is_same_v<T, bool>      ? kFlag
                        : std::is_same_v<T, double>    ? kNumber
                                                       : kCount;
      columns_.push_back({std::string(name), kind, {}, {}});
      if (kind == kText) {
        columns_.back().texts.resize(rows_);
      } else {
        columns_.back().numbers.resize(rows_);
      }
    }
    Column& column = columns_[next_++];
    if constexpr (std::is_same_v<T, std::string>) {
      column.texts[row_] = value;
    } else {
      column.numbers[row_] = static_cast<double>(value);
    }
  }

  // The summary fields and the error of one sweep row.
  void add_outcome(const SweepRow& row) {
    for_each_summary_field(row.summary, [&](const char* name, const auto& value, const char*) {
      add(name, value);
    });
    add("error", row.error);
  }

  py::dict to_dict() const {
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
    return out;
  }

 private:
  enum Kind { kNumber, kFlag, kCount, kText };
  struct Column {
    std::string name;
    Kind kind;
    std::vector<double> numbers;
    std::vector<std::string> texts;
  };
  std::size_t rows_;
  std::size_t row_ = 0, next_ = 0;
  std::vector<Column> columns_;
};

// A grid sweep over one base lifter and setup; axis values are text, as in a spec file.
using Grid = std::vector<std::pair<std::string, std::vector<std::string>>>;
SweepSpec grid_spec(const Lifter& lifter, const Setup& setup, const Grid& grid,
                    const SimulationOptions& options) {
  SweepSpec spec;
  spec.base_lifter = lifter;
  spec.base_setup = setup;
  spec.options = options;
  for (const auto& [field, values] : grid) spec.grid.push_back({field, values});
  check_axes(spec);  // with the GIL held: a bad axis or value is a ValueError now
  return spec;
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
    Table table(cases.size());
    auto on_row = [&](const SweepRow& row) {
      table.begin_row(row.index);
      table.add_outcome(row);
    };
    {
      py::gil_scoped_release release;
      run_sweep(spec, threads, on_row, progress_callback(progress));
    }
    return table.to_dict();
  }, py::arg("cases"), py::arg("options"), py::arg("threads") = 0,
        py::arg("progress") = py::none(),
        "Run (lifter, setup) pairs on C++ threads; summary columns in input order.");

  m.def("sweep_grid_table", [](const Lifter& lifter, const Setup& setup, const Grid& grid,
                               const SimulationOptions& options, unsigned threads,
                               const py::object& progress) {
    SweepSpec spec = grid_spec(lifter, setup, grid, options);
    spec.options.store_series = false;  // this table holds summaries only
    Table table(spec.size());
    auto on_row = [&](const SweepRow& row) {
      table.begin_row(row.index);
      for_each_field(row.input.lifter, [&](const auto& value, const FieldInfo& info) {
        table.add("lifter_" + std::string(info.name), value);
      });
      for_each_field(row.input.setup, [&](const auto& value, const FieldInfo& info) {
        table.add(info.name, value);
      });
      table.add_outcome(row);
    };
    {
      py::gil_scoped_release release;
      run_sweep(spec, threads, on_row, progress_callback(progress));
    }
    return table.to_dict();
  }, py::arg("lifter"), py::arg("setup"), py::arg("grid"), py::arg("options"),
        py::arg("threads") = 0, py::arg("progress") = py::none(),
        "Grid sweep on C++ threads (cartesian product, last axis fastest): input columns "
        "(lifter_* and setup fields) and summary columns, in grid order.");

  m.def("sweep_grid_to_hdf5", [](const Lifter& lifter, const Setup& setup, const Grid& grid,
                                 const SimulationOptions& options, const std::string& path,
                                 unsigned threads, const py::object& progress) {
    const SweepSpec spec = grid_spec(lifter, setup, grid, options);
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
