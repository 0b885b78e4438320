// simulate() and Result: NumPy views on the C++ series (no copies), the summary, HDF5.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <thread>

#include "bindings.hpp"
#include <pybind11/eigen.h>

#include "spineload/dynamics.hpp"
#include "spineload/hdf5_io.hpp"
#include "spineload/report.hpp"
#include "spineload/simulate.hpp"

namespace py = pybind11;

namespace spineload::python {

namespace {

// A read-only NumPy view of one channel; the Result stays alive while the array does.
py::array channel_view(const py::object& owner, Channel channel) {
  const Result& result = owner.cast<const Result&>();
  const ChannelInfo& info = channel_info(channel);
  const std::vector<double>& data = result.channel(channel);
  std::vector<py::ssize_t> shape{static_cast<py::ssize_t>(result.samples)};
  std::vector<py::ssize_t> strides{static_cast<py::ssize_t>(sizeof(double) * info.width)};
  if (info.width > 1) {
    shape.push_back(info.width);
    strides.push_back(sizeof(double));
  }
  py::array view(py::dtype::of<double>(), shape, strides, data.data(), owner);
  py::detail::array_proxy(view.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return view;
}

}  // namespace

void bind_results(py::module_& m) {
  py::class_<Result> result(m, "Result", "One simulated pull.");
  result.def_readonly("lifter", &Result::lifter)
      .def_readonly("setup", &Result::setup)
      .def_readonly("options", &Result::options)
      .def_readonly("samples", &Result::samples)
      .def("summary_json", [](const Result& r) { return summary_json(r); })
      .def("summary_text", [](const Result& r) { return summary_text(r); })
      .def("save", [](const Result& r, const std::string& path) {
        py::gil_scoped_release release;
        save_result(r, path);
      }, py::arg("path"), "Write the HDF5 file (complete or not at all).")
      .def("channel", [](py::object self, const std::string& path) {
        for (int c = 0; c < kNumChannels; ++c) {
          if (kChannels[c].path == path) return channel_view(self, static_cast<Channel>(c));
        }
        throw py::key_error(path);
      }, py::arg("path"), "NumPy view of a channel by its HDF5 path, e.g. 'l4l5/moment'.");

  py::list channels;
  for (const ChannelInfo& info : kChannels) {
    py::dict row;
    row["path"] = std::string(info.path);
    row["unit"] = std::string(info.unit);
    row["width"] = info.width;
    row["doc"] = std::string(info.doc);
    std::vector<std::string> columns, names;
    for (int i = 0; i < info.width; ++i) {
      columns.emplace_back(info.columns[i]);
      names.push_back(channel_column_name(info, i));
    }
    row["columns"] = columns;
    row["names"] = names;  // flat-table column names (to_pandas, a sweep file's /series)
    channels.append(row);
  }
  m.attr("CHANNELS") = channels;

  m.def("simulate", [](const Lifter& lifter, const Setup& setup, const SimulationOptions& options) {
    validate_fields(lifter);  // with the GIL held: errors surface as ValueError at once
    validate_fields(setup);
    validate_fields(options);
    Result r;
    {
      py::gil_scoped_release release;
      simulate_into(lifter, setup, options, r);
    }
    return r;
  }, py::arg("lifter"), py::arg("setup"), py::arg("options"),
        "Simulate one pull (docs/model.md). Releases the GIL while it runs.");

  m.def("simulate_many", [](const std::vector<std::pair<Lifter, Setup>>& cases,
                            const SimulationOptions& options, unsigned threads) {
    std::vector<Result> results(cases.size());
    std::vector<std::string> errors(cases.size());
    {
      py::gil_scoped_release release;
      if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
      std::atomic<std::size_t> next{0};
      auto work = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < cases.size();) {
          try {
            simulate_into(cases[i].first, cases[i].second, options, results[i]);
          } catch (const std::exception& e) {
            errors[i] = e.what();
          }
        }
      };
      std::vector<std::thread> pool;
      for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
      work();
      for (auto& t : pool) t.join();
    }
    return std::make_pair(std::move(results), std::move(errors));
  }, py::arg("cases"), py::arg("options"), py::arg("threads") = 0,
        "Simulate (lifter, setup) pairs on C++ threads; returns (results, errors).");

  // Single-state dynamics, for validation against other rigid-body libraries.
  m.def("forward_dynamics", [](const Lifter& lifter, double load, const Vec5& q, const Vec5& qdot,
                               const Vec5& tau) {
    const Model model = make_model(lifter, load);
    Data data;
    return Vec5(forward_dynamics(model, data, q, qdot, tau, Vec2::Zero()));
  }, py::arg("lifter"), py::arg("load"), py::arg("q"), py::arg("qdot"), py::arg("tau"),
        "qddot (rad/s^2) for joint torques tau (N*m, anatomical).");
  m.def("inverse_dynamics", [](const Lifter& lifter, double load, const Vec5& q, const Vec5& qdot,
                               const Vec5& qddot) {
    const Model model = make_model(lifter, load);
    Data data;
    const Vec5 tau = inverse_dynamics(model, data, q, qdot, qddot, Vec2::Zero());
    return py::make_tuple(tau, Vec2(data.joint_force_W[kTrunk]), data.joint_moment[kTrunk]);
  }, py::arg("lifter"), py::arg("load"), py::arg("q"), py::arg("qdot"), py::arg("qddot"),
        "(tau N*m, L4-L5 force N world, L4-L5 moment N*m + extension) by RNEA.");

  m.def("compare_text", [](const std::vector<Result>& results) { return compare_text(results); },
        "Side-by-side table of several pulls, as `spineload compare` prints it.");
  m.def("compare_json", [](const std::vector<Result>& results) { return compare_json(results); },
        "The comparison as JSON, as `spineload compare --json` prints it.");

  m.def("summary_fields", [] {
    std::vector<std::pair<std::string, std::string>> fields;
    const Summary prototype;
    for_each_summary_field(prototype, [&](const char* name, const auto&, const char* unit) {
      fields.emplace_back(name, unit);
    });
    return fields;
  }, "Scalar summary fields as (name, unit) pairs, in the order of every summary table.");

  m.def("load_result", [](const std::string& path) {
    py::gil_scoped_release release;
    return load_result(path);
  }, py::arg("path"), "Read a file written by Result.save.");
}

}  // namespace spineload::python
