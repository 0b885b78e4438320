// simulate() and Result: NumPy views on the C++ series (no copies), the summary as a dict
// built from the summary field list, pandas and HDF5; the scaled model as a dict.
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <array>
#include <numbers>
#include <optional>

#include "bindings.hpp"
#include "spineload/analyze.hpp"
#include "spineload/sweep.hpp"
#include "spineload/uncertainty.hpp"
#include "spineload/hdf5_io.hpp"
#include "spineload/html_report.hpp"
#include "spineload/loads.hpp"
#include "spineload/one_rep_max.hpp"
#include "spineload/session.hpp"
#include "spineload/output.hpp"
#include "spineload/report.hpp"
#include "spineload/simulate.hpp"

namespace py = pybind11;

namespace spineload::python {

namespace {

constexpr double kRadToDeg = 180.0 / std::numbers::pi;

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

py::object number(double value) {
  return std::isnan(value) ? py::object(py::none()) : py::object(py::float_(value));
}

// The summary with the keys of `spineload simulate --json`, from the same field lists.
py::dict summary_dict(const Result& r) {
  const Summary& s = r.summary;
  py::dict out;
  for_each_summary_field(s, [&](const char* name, const auto& value, const char*) {
    using T = std::decay_t<decltype(value)>;
    if constexpr (std::is_same_v<T, double>) {
      out[name] = number(value);
    } else {
      out[name] = value;
    }
  });
  py::dict angles, landmarks;
  for (std::size_t i = 0; i < kStartAngleNames.size(); ++i) {
    angles[py::str(std::string(kStartAngleNames[i]))] = s.start_angles_deg[i];
  }
  for (std::size_t i = 0; i < kStartLandmarkNames.size(); ++i) {
    landmarks[py::str(std::string(kStartLandmarkNames[i]))] =
        std::vector<double>{s.start_landmarks[i].x(), s.start_landmarks[i].y()};
  }
  out["start_angles_deg"] = angles;
  out["start_landmarks"] = landmarks;
  out["lifter"] = fields_dict(r.lifter);
  out["setup"] = fields_dict(r.setup);
  out["options"] = fields_dict(r.options);
  out["version"] = version();
  return out;
}

py::dict segment_dict(const Segment& s) {
  py::dict out;
  out["name"] = s.name;
  out["proximal"] = s.proximal;
  out["distal"] = s.distal;
  out["mass"] = s.mass;
  out["length"] = s.length;
  out["com_x"] = s.com_along;
  out["com_y"] = s.com_perp;
  out["inertia"] = s.inertia;
  return out;
}

// The lifter's model holding `load` kg: with a setup, the one its pull runs on (its arms and
// stance), the setup's fields checked.
Model model_with_bar(const py::handle& lifter, double load, const py::handle& setup) {
  if (setup.is_none()) return make_model(to_lifter(lifter), load);
  Setup s = to_setup(setup);
  s.load = load;
  validate_fields(s);
  return model_for_setup(to_lifter(lifter), s);
}

// One state has no gait phase, so the single-state functions are standing (g): a walked
// setup is refused rather than answered as if it stood (docs/model.md 5.11).
void refuse_walking(const py::handle& setup) {
  if (setup.is_none() || !to_setup(setup).walking) return;
  throw InputError("walking", "true",
                   "one state has no gait phase, so its loads are standing ones: simulate the "
                   "walked hold (spineload.simulate) for its loads over the steps");
}

// The scaled model as plain Python data (spineload.model() makes the DataFrame).
py::dict model_dict(const Model& model) {
  py::list segments;
  for (const Segment& s : model.segments) segments.append(segment_dict(s));
  segments.append(segment_dict(model.foot));
  py::list joints;
  for (int j = 0; j < kNumJoints; ++j) {
    py::dict joint;
    joint["name"] = kJointNames[j];
    joint["sign"] = kJointSign[j];
    joint["range_deg"] = py::make_tuple(model.q_min[j] * kRadToDeg, model.q_max[j] * kRadToDeg);
    joint["strength"] = model.torque_max[j];
    joints.append(joint);
  }
  const SpineParameters& sp = model.spine;
  py::dict spine;
  spine["extensor_moment_arm"] = sp.extensor_moment_arm;
  spine["extensor_angle_deg"] = sp.extensor_angle * kRadToDeg;
  spine["passive_moment_max"] = sp.passive_moment_max;
  spine["lumbar_flexion_range_deg"] = sp.lumbar_flexion_range * kRadToDeg;
  spine["passive_moment_arm"] = sp.passive_moment_arm;
  spine["iap_moment_arm"] = sp.iap_moment_arm;
  spine["iap_area"] = sp.iap_area;
  py::dict out;
  out["segments"] = segments;
  out["bar_mass"] = model.bar_mass;
  out["body_mass"] = model.body_mass;
  out["ankle"] = py::make_tuple(model.ankle.x(), model.ankle.y());
  out["heel_x"] = model.heel_x;
  out["toe_x"] = model.toe_x;
  out["l4l5_fraction"] = model.l4l5_fraction;
  out["joints"] = joints;
  out["spine"] = spine;
  py::dict folded = segment_dict(model.folded_arms.segment);
  folded["elbow"] = py::make_tuple(model.folded_arms.elbow.x(), model.folded_arms.elbow.y());
  out["folded_arms"] = folded;  // the arm segment of a chest hold (lockout_load = "chest")
  py::dict stance;  // the stance the legs and feet are seen from the side in (docs/model.md 2.4)
  stance["width"] = model.stance.width;
  stance["foot_angle_deg"] = model.stance.foot_angle * kRadToDeg;
  stance["hip_width"] = model.stance.hip_width;
  stance["thigh_tilt_deg"] = model.stance.thigh_tilt * kRadToDeg;
  out["stance"] = stance;
  return out;
}

// One row per sample, indexed by time; multi-column channels get suffixes (channel_column_name).
py::object to_pandas(const py::object& self) {
  py::dict columns;
  for (int c = 0; c < kNumChannels; ++c) {
    const ChannelInfo& info = kChannels[c];
    if (info.path == "time") continue;
    const py::array data = channel_view(self, static_cast<Channel>(c));
    for (int j = 0; j < info.width; ++j) {
      columns[py::str(channel_column_name(info, j))] =
          info.width == 1
              ? py::object(data)
              : py::object(data[py::make_tuple(py::slice(py::none(), py::none(), py::none()), j)]);
    }
  }
  py::module_ pandas = py::module_::import("pandas");
  py::object index =
      pandas.attr("Index")(channel_view(self, Channel::kTime), py::arg("name") = "time");
  return pandas.attr("DataFrame")(columns, py::arg("index") = index);
}

// The muscle groups' forces, one column per group, indexed by time.
py::object muscles_frame(const py::object& self) {
  py::list names;
  for (std::string_view name : kMuscleGroupNames) names.append(py::str(std::string(name)));
  py::module_ pandas = py::module_::import("pandas");
  py::object index =
      pandas.attr("Index")(channel_view(self, Channel::kTime), py::arg("name") = "time");
  return pandas.attr("DataFrame")(channel_view(self, Channel::kMuscles), py::arg("index") = index,
                                  py::arg("columns") = names);
}

// The channels of one disc as attributes (result.l4l5.compression, result.l5s1.shear).
template <int kLevel>
struct DiscChannels {
  py::object result;
};
using L4L5Channels = DiscChannels<4>;
using L5S1Channels = DiscChannels<5>;

// A rep or week table as {column name: list} for pandas (flags as bools).
py::dict columns_dict(const std::vector<RepColumn>& columns) {
  py::dict out;
  for (const RepColumn& c : columns) {
    if (c.kind == RepColumn::Kind::kText) {
      out[py::str(c.name)] = c.texts;
    } else if (c.kind == RepColumn::Kind::kFlag) {
      out[py::str(c.name)] = std::vector<bool>(c.numbers.begin(), c.numbers.end());
    } else {
      out[py::str(c.name)] = c.numbers;
    }
  }
  return out;
}

// A session's or program's plan from a dict of field values (None: the default).
template <class Plan>
void set_fields_from(Plan& plan, const py::dict& values) {
  for (const auto& [key, value] : values) {
    const std::string name = py::str(key);
    if (!value.is_none()) set_field(plan, name, field_value(value, name));
  }
}

// Where an optional `path` argument is to be written, checked before the work; none for None.
std::optional<OutputTarget> target_for(const py::object& path, bool overwrite,
                                       const std::vector<std::string>& inputs = {}) {
  if (path.is_none()) return std::nullopt;
  return check_output_target(fspath(path), overwrite, inputs, "path");
}

// Runs a session or a program without the GIL, and writes it where `target` says.
template <class Run, class Save>
auto run_and_save(const std::optional<OutputTarget>& target, Run&& run, Save&& save) {
  py::gil_scoped_release release;
  auto result = run();
  if (target) save(result, *target);
  return result;
}

// What a session and a program both report: their table's columns and how they went.
template <class Training>
py::dict training_dict(const Training& result, const std::vector<RepColumn>& columns) {
  py::dict out;
  out["columns"] = columns_dict(columns);
  out["status"] = result.status;
  out["completed"] = result.completed;
  out["one_rep_max"] = result.one_rep_max;
  out["setup"] = py::cast(result.setup);
  out["lifter"] = py::cast(result.lifter);
  out["session"] = fields_dict(result.session);
  return out;
}

// The names of a table's columns, in order.
std::vector<std::string> column_names(const std::vector<RepColumn>& columns) {
  std::vector<std::string> names;
  for (const RepColumn& c : columns) names.push_back(c.name);
  return names;
}

}  // namespace

void bind_results(py::module_& m) {
  py::class_<L4L5Channels> l4l5(m, "L4L5Channels", "The L4-L5 channels of a Result.");
  py::class_<L5S1Channels> l5s1(m, "L5S1Channels", "The L5-S1 channels of a Result.");
  // dynamic_attr: sl.analyze() hangs the analysis report on the Result it returns
  py::class_<Result> result(m, "Result", py::dynamic_attr(),
                            "One pull: simulated, or measured from a filmed lift (source).");
  for (int c = 0; c < kNumChannels; ++c) {
    const ChannelInfo& info = kChannels[c];
    const std::string path(info.path);
    const std::string doc = std::string(info.doc) + " [" + std::string(info.unit) + "]";
    const auto channel = static_cast<Channel>(c);
    // a disc's channel is an attribute of its group: "l4l5/moment" -> result.l4l5.moment
    auto on_disc = [&](auto& group) {
      using Group = typename std::remove_reference_t<decltype(group)>::type;
      group.def_property_readonly(
          path.substr(5).c_str(),
          [channel](const Group& g) { return channel_view(g.result, channel); }, doc.c_str());
    };
    if (path.starts_with("l4l5/")) {
      on_disc(l4l5);
    } else if (path.starts_with("l5s1/")) {
      on_disc(l5s1);
    } else {
      result.def_property_readonly(
          path.c_str(), [channel](const py::object& self) { return channel_view(self, channel); },
          doc.c_str());
    }
  }
  result.def_readonly("lifter", &Result::lifter)
      .def_readonly("setup", &Result::setup)
      .def_readonly("options", &Result::options)
      .def_readonly("samples", &Result::samples, "number of output samples")
      .def_readonly("source", &Result::source,
                    "'' for a simulated pull, 'measured: <file>' for a filmed one")
      .def_property_readonly(
          "l4l5", [](const py::object& self) { return L4L5Channels{self}; },
          "the L4-L5 channels: moment, compression, shear, ...")
      .def_property_readonly(
          "l5s1", [](const py::object& self) { return L5S1Channels{self}; },
          "the L5-S1 channels: moment, compression, shear, force, extensor_force, position")
      .def_property_readonly("summary", &summary_dict,
                             "peaks, times, start posture, inputs (keys of simulate --json)")
      .def("to_pandas", &to_pandas, "One row per sample, indexed by time (s).")
      .def_property_readonly("muscles", &muscles_frame,
                             "force of each lumbar muscle group (N), one column per group, "
                             "indexed by time (spine_model = 'fascicles'; zeros otherwise)")
      .def(
          "channel",
          [](const py::object& self, const std::string& path) {
            for (int c = 0; c < kNumChannels; ++c) {
              if (kChannels[c].path == path) return channel_view(self, static_cast<Channel>(c));
            }
            throw py::key_error(path);
          },
          py::arg("path"), "NumPy view of a channel by its HDF5 path, e.g. 'l4l5/moment'.")
      .def(
          "save",
          [](const Result& r, const py::object& path, bool overwrite) {
            const std::string target = py::str(py::module_::import("os").attr("fspath")(path));
            py::gil_scoped_release release;
            save_result(r, target, overwrite);
          },
          py::arg("path"), py::arg("overwrite") = false,
          "Write the HDF5 file (docs/files.md), complete or not at all; an existing file is "
          "replaced only with overwrite=True.")
      .def("__str__", [](const Result& r) { return summary_text(r); })
      .def("__repr__", [](const Result& r) {
        const Summary& s = r.summary;
        char text[256];
        std::snprintf(text, sizeof text,
                      "<spineload.Result '%s' %s: peak moment %.0f N*m, compression %.0f N, "
                      "shear %.0f N>",
                      r.setup.name.c_str(), s.status.c_str(), s.peak_moment.value,
                      s.peak_compression.value, s.peak_anterior_shear.value);
        return std::string(text);
      });

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

  m.def(
      "simulate",
      [](const py::handle& lifter, const py::handle& setup, const py::kwargs& options) {
        const Lifter l = to_lifter(lifter);
        const Setup s = to_setup(setup);
        const SimulationOptions o = options_from_kwargs(options);
        Result r;
        {
          py::gil_scoped_release release;
          simulate_into(l, s, o, r);  // validates once; InputError surfaces as ValueError
        }
        return r;
      },
      py::arg("lifter"), py::arg("setup") = py::none(),
      "Simulate one pull (docs/model.md). lifter and setup: objects, preset names, .toml paths "
      "or dicts; keyword options are SimulationOptions fields. Releases the GIL while it runs.");

  m.def(
      "analyze",
      [](const py::object& path, const py::handle& lifter, const py::handle& setup,
         const py::kwargs& kwargs) {
        const Lifter l = to_lifter(lifter);
        const Setup s = to_setup(setup);
        AnalysisOptions options;
        for (const auto& [key, value] : kwargs) {
          const std::string name = py::str(key);
          set_field(options, name, field_value(value, name));
        }
        const std::string file = fspath(path);
        Analysis a;
        {
          py::gil_scoped_release release;
          a = analyze_file(file, l, s, options);
        }
        const AnalysisReport& r = a.report;
        // the fields as the JSON of analyze --json (one list, in report.cpp)
        py::dict report = py::module_::import("json").attr("loads")(analysis_report_json(r));
        report["text"] = analysis_text(r);
        return py::make_tuple(std::move(a.result), report);
      },
      py::arg("path"), py::arg("lifter"), py::arg("setup") = py::none(),
      "Analyse a filmed lift (spineload.analyze). Returns (Result, report dict).");

  // The spreads (`uncertainty` file or the defaults, `samples` and `seed` over them) and each
  // setup's nominal pull and samples, as compare --samples and report --samples run them.
  struct UncertainRun {
    Uncertainty u;
    std::vector<UncertainPull> pulls;
  };
  auto run_uncertain = [](const py::handle& lifter, const py::list& setups,
                          const py::handle& samples, const py::handle& seed,
                          const py::object& uncertainty, const py::handle& threads) {
    const Lifter l = to_lifter(lifter);
    std::vector<Setup> parsed;
    for (const py::handle& s : setups) parsed.push_back(to_setup(s));
    UncertainRun run;
    run.u = uncertainty_of(samples, seed, uncertainty);
    const unsigned n_threads = threads_of(threads);
    py::gil_scoped_release release;
    for (const Setup& s : parsed) {
      run.pulls.push_back(simulate_with_uncertainty(l, s, run.u, {}, n_threads));
    }
    return run;
  };
  m.def(
      "uncertain_report",
      [run_uncertain](const py::handle& lifter, const py::list& setups, const py::handle& samples,
                      const py::handle& seed, const py::object& uncertainty,
                      const py::handle& threads, const py::object& path, bool overwrite,
                      const std::vector<std::string>& inputs) {
        const std::optional<OutputTarget> target = target_for(path, overwrite, inputs);
        const UncertainRun run = run_uncertain(lifter, setups, samples, seed, uncertainty, threads);
        py::gil_scoped_release release;
        std::vector<Result> results;
        for (const UncertainPull& p : run.pulls) results.push_back(p.nominal);
        const BandTable bands = compare_band_table(run.pulls, run.u);
        const std::string page = html_report(results, &bands);
        if (target) {
          write_atomically(*target, [&](const std::string& p) { write_text_file(p, page); });
        }
        return page;
      },
      py::arg("lifter"), py::arg("setups"), py::arg("samples") = py::none(),
      py::arg("seed") = py::none(), py::arg("uncertainty") = py::none(),
      py::arg("threads") = py::none(), py::arg("path") = py::none(), py::arg("overwrite") = false,
      py::arg("inputs") = std::vector<std::string>{},
      "html_report of these setups with each peak's and each difference's 5-95% band "
      "(report --samples).");
  m.def(
      "uncertain_pulls",
      [run_uncertain](const py::handle& lifter, const py::list& setups, const py::handle& samples,
                      const py::handle& seed, const py::object& uncertainty,
                      const py::handle& threads) {
        const UncertainRun run = run_uncertain(lifter, setups, samples, seed, uncertainty, threads);
        const Uncertainty& u = run.u;
        const std::vector<UncertainPull>& pulls = run.pulls;
        auto band_dict = [](const Band& b) {
          py::dict d;
          d["nominal"] = b.nominal;
          d["p05"] = b.p05;
          d["median"] = b.median;
          d["p95"] = b.p95;
          d["count"] = b.count;
          return d;
        };
        py::list inputs;
        for (const InputSpread& s : u.inputs) {
          py::dict d;
          d["field"] = s.field;
          d["how"] = s.how;
          d["lo"] = s.lo;
          d["hi"] = s.hi;
          d["sd"] = s.sd;
          d["source"] = s.source;
          inputs.append(d);
        }
        py::list out_pulls;
        for (const UncertainPull& p : pulls) {
          py::dict d, bands, differences;
          d["name"] = p.nominal.setup.name;
          d["nominal"] = p.nominal;
          d["completed"] = p.completed;
          d["failed"] = p.failed;
          d["errors"] = p.errors;
          for (const Band& b : p.bands) {
            bands[py::str(b.field)] = band_dict(b);
            const Band d = difference_band(p, pulls.front(), b.field);
            py::dict dd = band_dict(d);
            const std::string verdict = difference_verdict(d, p.samples);
            dd["verdict"] = verdict;  // "differs", "within" or "" (too few samples)
            differences[py::str(b.field)] = dd;
          }
          d["bands"] = bands;
          d["differences"] = differences;
          out_pulls.append(d);
        }
        py::dict out;
        out["samples"] = u.samples;
        out["seed"] = u.seed;
        out["inputs"] = inputs;
        out["pulls"] = out_pulls;
        return out;
      },
      py::arg("lifter"), py::arg("setups"), py::arg("samples") = py::none(),
      py::arg("seed") = py::none(), py::arg("uncertainty") = py::none(),
      py::arg("threads") = py::none(),
      "Each setup's nominal pull and the bands of its summary over samples of the uncertain "
      "inputs, with its differences from the first setup sample by sample (spineload.compare).");

  m.def(
      "read_recording",
      [](const py::object& path, const std::string& format, double fps, double image_width,
         double image_height, const std::string& units, const std::string& side) {
        ReadOptions options{format, fps, image_width, image_height, units, side};
        const std::string file = fspath(path);
        Recording rec;
        {
          py::gil_scoped_release release;
          rec = read_recording(file, options);
        }
        py::dict out, tracks;
        out["path"] = rec.path;
        out["format"] = rec.format;
        out["time"] = rec.time;
        out["units"] = rec.units;
        out["y_down"] = rec.y_down;
        out["side"] = rec.side;
        out["unused"] = rec.unused;
        out["notes"] = rec.notes;
        for (int l = 0; l < kNumLandmarkKinds; ++l) {
          const Track& t = rec.tracks[l];
          if (!t.present()) continue;
          py::dict track;
          track["x"] = t.x;
          track["y"] = t.y;
          track["confidence"] = t.confidence;
          tracks[py::str(std::string(kLandmarkNames[l]))] = track;
        }
        out["tracks"] = tracks;
        std::vector<std::array<double, kNumJoints>> angles;
        for (const Vec5& q : rec.angles) angles.push_back({q[0], q[1], q[2], q[3], q[4]});
        out["angles"] = angles;  // rad: ankle, knee, hip, lumbar, shoulder per frame
        return out;
      },
      py::arg("path"), py::arg("format") = "auto", py::arg("fps") = 0.0,
      py::arg("image_width") = 0.0, py::arg("image_height") = 0.0, py::arg("units") = "auto",
      py::arg("side") = "auto",
      "A filmed lift as read, before any analysis (docs/files.md 8): time, each landmark's x, "
      "y and confidence (NaN = missing) as the file has them, or joint angles from a .mot.");

  m.def("one_rep_max", [](const py::handle& lifter, const py::handle& setup,
                          const py::kwargs& options) {
    const Lifter l = to_lifter(lifter);
    const Setup s = to_setup(setup);
    const SimulationOptions o = options_from_kwargs(options);
    OneRepMax max;
    {
      py::gil_scoped_release release;
      max = one_rep_max(l, s, o);
    }
    py::dict out;
    out["one_rep_max"] = max.load;
    out["result"] = max.load > 0 ? py::cast(std::move(max.at_max)) : py::object(py::none());
    out["first_failing_load"] = max.above_load;
    out["first_failing_status"] = max.above.status;
    out["pulls"] = max.pulls;
    return out;
  }, py::arg("lifter"), py::arg("setup") = py::none(),
        "The heaviest load (kg, to 0.5 kg) this lifter completes with this setup, the pull at it "
        "(`result`), and how the next heavier probe failed. Options as for simulate.");

  m.def(
      "session",
      [](const py::handle& lifter, const py::handle& setup, const py::dict& plan,
         const py::object& path, bool overwrite, const py::kwargs& options) {
        const Lifter l = to_lifter(lifter);
        const Setup s = to_setup(setup);
        Session session;
        set_fields_from(session, plan);
        const SimulationOptions o = options_from_kwargs(options);
        const SessionResult result = run_and_save(
            target_for(path, overwrite), [&] { return run_session(l, s, session, o); },
            save_session);
        py::dict out = training_dict(result, rep_columns(result));
        out["reps_completed"] = result.reps_completed;
        out["duration"] = result.duration;
        out["lifft_damage"] = result.lifft_damage;
        out["lifft_risk"] = result.lifft_risk;
        return out;
      },
      py::arg("lifter"), py::arg("setup"), py::arg("plan"), py::arg("path") = py::none(),
      py::arg("overwrite") = false,
      "A training session (spineload.session): the rep table's columns and how it went.");
  m.def(
      "program",
      [](const py::handle& lifter, const py::handle& setup, const py::dict& plan,
         const py::dict& program_fields, const py::object& path, bool overwrite,
         const py::kwargs& options) {
        const Lifter l = to_lifter(lifter);
        const Setup s = to_setup(setup);
        Session session;
        set_fields_from(session, plan);
        Program program;
        set_fields_from(program, program_fields);
        const SimulationOptions o = options_from_kwargs(options);
        const ProgramResult result = run_and_save(
            target_for(path, overwrite), [&] { return run_program(l, s, session, program, o); },
            save_program);
        py::dict out = training_dict(result, week_columns(result));
        out["weeks_completed"] = result.weeks_completed;
        out["program"] = fields_dict(result.program);
        return out;
      },
      py::arg("lifter"), py::arg("setup"), py::arg("plan"), py::arg("program"),
      py::arg("path") = py::none(), py::arg("overwrite") = false,
      "A training program (spineload.program): the week table's columns and how it went.");
  m.def(
      "program_columns", [] { return column_names(week_columns(ProgramResult{})); },
      "The week table's column names, in order.");
  m.def(
      "session_columns", [] { return column_names(rep_columns(SessionResult{})); },
      "The rep table's column names, in order.");
  m.def(
      "parse_tempo",
      [](const std::string& text) {
        const auto seconds = parse_tempo(text);
        return py::make_tuple(seconds[0], seconds[1], seconds[2]);
      },
      py::arg("text"),
      "A tempo written UP-DOWN-PAUSE in seconds (\"3-3-1\") as (up, down, pause).");

  m.def(
      "html_report",
      [](const std::vector<Result>& results, const py::object& path, bool overwrite,
         const std::vector<std::string>& inputs) {
        const std::optional<OutputTarget> target = target_for(path, overwrite, inputs);
        py::gil_scoped_release release;
        const std::string page = html_report(results);
        if (target) {
          write_atomically(*target, [&](const std::string& p) { write_text_file(p, page); });
        }
        return page;
      },
      py::arg("results"), py::arg("path") = py::none(), py::arg("overwrite") = false,
      py::arg("inputs") = std::vector<std::string>{},
      "The coach's report of these pulls (the first is the reference) as one self-contained "
      "HTML page; also written to `path` when given (an existing file is replaced only with "
      "overwrite=True; never one of `inputs`).");
  m.def(
      "check_output_target",
      [](const py::object& path, bool overwrite, const std::vector<std::string>& inputs,
         const std::string& field) {
        return check_output_target(fspath(path), overwrite, inputs, field.c_str()).path;
      },
      py::arg("path"), py::arg("overwrite") = false, py::arg("inputs") = std::vector<std::string>{},
      py::arg("field") = "path",
      "The rules of every output file (docs/files.md section 7), checked before any work: "
      "InputError naming `field` unless `path` may be written; returns the file to write (a "
      "symbolic link's target). Write to RETURNED.partial, then rename.");
  m.def("report_notes", &report_notes, py::arg("results"),
        "The report's plain-language notes: what each setup changed and how the loads followed.");

  m.def(
      "load_result",
      [](const std::string& path) {
        py::gil_scoped_release release;
        return load_result(path);
      },
      py::arg("path"), "Read a file written by Result.save.");

  m.def(
      "model_dict",
      [](const py::handle& lifter, double load, const py::handle& setup) {
        if (setup.is_none()) return model_dict(make_model(to_lifter(lifter), load));
        return model_dict(model_for_setup(to_lifter(lifter), to_setup(setup)));
      },
      py::arg("lifter"), py::arg("load") = 100.0, py::arg("setup") = py::none(),
      "The scaled model as plain data; with a setup, the model its pull runs on (its load, "
      "arms and stance).");

  // Single-state mechanics, for measured motion and for validation against other libraries.
  m.def(
      "loads_of_state",
      [](const py::handle& lifter, const py::handle& setup, const Vec5& q, const Vec5& qdot,
         const Vec5& qddot) {
        const Setup s = to_setup(setup);
        validate_fields(s);
        refuse_walking(setup);
        const Model model = model_for_setup(to_lifter(lifter), s);  // folded arms for a chest hold
        Data data;
        const StateLoads loads =
            loads_of_state(model, data, q, qdot, qddot, Vec2::Zero(), spine_inputs(s));
        py::dict out;
        out["tau"] = loads.tau;
        out["grf"] = Vec2(loads.ground.force_W);
        out["cop"] = loads.ground.cop_x;
        out["moment"] = loads.l4l5.moment;
        out["compression"] = loads.l4l5.compression;
        out["shear"] = loads.l4l5.shear;
        out["force"] = Vec2(loads.l4l5.force_W);
        out["extensor_force"] = loads.l4l5.extensor_force;
        out["passive_moment"] = loads.l4l5.passive_moment;
        py::dict l5s1;
        l5s1["moment"] = loads.l5s1.moment;
        l5s1["compression"] = loads.l5s1.compression;
        l5s1["shear"] = loads.l5s1.shear;
        l5s1["force"] = Vec2(loads.l5s1.force_W);
        l5s1["extensor_force"] = loads.l5s1.extensor_force;
        l5s1["position"] = Vec2(loads.l5s1_position);
        l5s1["disc_angle"] = loads.l5s1.disc_angle;
        out["l5s1"] = l5s1;
        return out;
      },
      py::arg("lifter"), py::arg("setup"), py::arg("q"), py::arg("qdot"), py::arg("qddot"),
      "Loads of one state (q rad, qdot rad/s, qddot rad/s^2) holding setup.load: joint "
      "torques, ground reaction and the L4-L5 loads (and, under 'l5s1', the L5-S1 loads), as a "
      "simulated pull records them.");
  m.def(
      "forward_dynamics",
      [](const py::handle& lifter, double load, const Vec5& q, const Vec5& qdot, const Vec5& tau,
         const py::handle& setup) {
        const Model model = model_with_bar(lifter, load, setup);
        refuse_walking(setup);
        Data data;
        return Vec5(forward_dynamics(model, data, q, qdot, tau, Vec2::Zero()));
      },
      py::arg("lifter"), py::arg("load"), py::arg("q"), py::arg("qdot"), py::arg("tau"),
      py::arg("setup") = py::none(),
      "qddot (rad/s^2) for joint torques tau (N*m, anatomical); with a setup, on the model its "
      "pull runs on (its arms and stance) holding `load`.");
  m.def(
      "inverse_dynamics",
      [](const py::handle& lifter, double load, const Vec5& q, const Vec5& qdot,
         const Vec5& qddot, const py::handle& setup) {
        const Model model = model_with_bar(lifter, load, setup);
        refuse_walking(setup);
        Data data;
        const Vec5 tau = inverse_dynamics(model, data, q, qdot, qddot, Vec2::Zero());
        return py::make_tuple(tau, Vec2(data.joint_force_W[kTrunk]), data.joint_moment[kTrunk]);
      },
      py::arg("lifter"), py::arg("load"), py::arg("q"), py::arg("qdot"), py::arg("qddot"),
      py::arg("setup") = py::none(),
      "(tau N*m, L4-L5 force N world, L4-L5 moment N*m + extension) by RNEA; with a setup, on "
      "the model its pull runs on (its arms and stance) holding `load`.");
}

}  // namespace spineload::python
