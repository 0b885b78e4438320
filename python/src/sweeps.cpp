// Sweeps: summaries of many pulls as NumPy columns, or streamed to HDF5, GIL released.
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

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

}  // namespace

void bind_sweeps(py::module_& m) {
  m.def("sweep_table", [](const std::vector<std::pair<Lifter, Setup>>& cases,
                          const SimulationOptions& options, unsigned threads,
                          const py::object& progress) {
    SweepSpec spec;
    spec.options = options;
    spec.cases.reserve(cases.size());
    for (const auto& [lifter, setup] : cases) spec.cases.push_back({lifter, setup});
    const std::size_t n = cases.size();
    // numeric summary columns, filled in row order
    const char* names[] = {"peak_moment", "peak_moment_time", "peak_compression",
                           "peak_compression_time", "peak_shear", "peak_shear_time",
                           "peak_extensor_force", "peak_extensor_force_time", "lockout_time",
                           "cop_min", "cop_max", "max_torque_ratio"};
    constexpr int kNumeric = 12;
    std::vector<std::vector<double>> numeric(kNumeric, std::vector<double>(n));
    std::vector<double> completed(n), inside(n);
    std::vector<std::string> status(n), error(n);
    auto on_row = [&](const SweepRow& row) {
      const Summary& s = row.summary;
      const double values[kNumeric] = {s.peak_moment.value, s.peak_moment.time,
                                       s.peak_compression.value, s.peak_compression.time,
                                       s.peak_shear.value, s.peak_shear.time,
                                       s.peak_extensor_force.value, s.peak_extensor_force.time,
                                       s.lockout_time, s.cop_min, s.cop_max, s.max_torque_ratio};
      for (int k = 0; k < kNumeric; ++k) numeric[k][row.index] = values[k];
      completed[row.index] = s.completed;
      inside[row.index] = s.cop_inside_foot;
      status[row.index] = s.status;
      error[row.index] = row.error;
    };
    {
      py::gil_scoped_release release;
      run_sweep(spec, threads, on_row, progress_callback(progress));
    }
    py::dict out;
    for (int k = 0; k < kNumeric; ++k) out[names[k]] = py::array(py::cast(numeric[k]));
    out["completed"] = py::array(py::cast(completed)).attr("astype")("bool");
    out["cop_inside_foot"] = py::array(py::cast(inside)).attr("astype")("bool");
    out["status"] = status;
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
    py::gil_scoped_release release;
    run_sweep_to_hdf5(spec, threads, path, progress_callback(progress));
  }, py::arg("lifter"), py::arg("setup"), py::arg("grid"), py::arg("options"), py::arg("path"),
        py::arg("threads") = 0, py::arg("progress") = py::none(),
        "Stream a grid sweep to HDF5 (flat memory, complete or not at all).");

  m.def("sweep_spec_to_hdf5", [](const std::string& spec_path, const std::string& path,
                                 unsigned threads, const py::object& progress) {
    const SweepSpec spec = load_sweep_spec(spec_path);
    py::gil_scoped_release release;
    run_sweep_to_hdf5(spec, threads, path, progress_callback(progress));
    return spec.size();
  }, py::arg("spec"), py::arg("path"), py::arg("threads") = 0, py::arg("progress") = py::none());
}

}  // namespace spineload::python
