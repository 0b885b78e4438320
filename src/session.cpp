// Training sessions (docs/model.md 5.9).
#include "spineload/session.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "detail/format.hpp"
#include "detail/hdf5.hpp"
#include "spineload/error.hpp"
#include "spineload/fatigue.hpp"
#include "spineload/one_rep_max.hpp"
#include "spineload/simulate.hpp"
#include "spineload/strength.hpp"

namespace spineload {

namespace {

constexpr double kFatigueRate = 100.0;  // Hz, the least sample rate of a rep's torques

// What each joint works at in one sample: its torque over its fresh strength at that angle and
// speed, on the side the torque acts (0..1).
std::array<double, kNumJoints> targets(const Model& fresh, const Result& r, std::size_t i) {
  Vec5 q, qdot;
  for (int j = 0; j < kNumJoints; ++j) {
    q[j] = r.channel(Channel::kQ)[i * kNumJoints + j];
    qdot[j] = r.channel(Channel::kQdot)[i * kNumJoints + j];
  }
  const TorqueLimits limit = torque_limits(fresh, q, qdot);
  std::array<double, kNumJoints> out{};
  for (int j = 0; j < kNumJoints; ++j) {
    const double tau = r.channel(Channel::kTau)[i * kNumJoints + j];
    const double strength = tau < 0 ? -limit.lower[j] : limit.upper[j];
    out[j] = strength > 0 ? std::clamp(std::abs(tau) / strength, 0.0, 1.0) : 0.0;
  }
  return out;
}

// Every joint works `seconds` at its target (0: unloaded, resting).
using Targets = std::array<double, kNumJoints>;
void work(std::array<MuscleState, kNumJoints>& muscles, const Targets& target, double seconds) {
  const FatigueModel& rates = fatigue_model();
  for (int j = 0; j < kNumJoints; ++j) {
    advance(rates.joint[j], rates.tracking, target[j], seconds, muscles[j]);
  }
}

}  // namespace

SessionResult run_session(const Lifter& lifter, const Setup& setup, const Session& session,
                          const SimulationOptions& options) {
  validate_fields(setup);
  validate_fields(session);
  validate_fields(options);
  if (setup.motion == "hold") {
    throw InputError("motion", "\"hold\"",
                     "a session repeats pulls (\"pull\": from the floor or blocks) or RDLs "
                     "(\"from_hang\"); a hold is one effort, not reps");
  }
  // a pull's rep goes up and down again and pauses with the bar on the floor; an RDL's rep is
  // its way down and up, and between reps the bar is held at the top
  const bool held_between_reps = setup.motion == "from_hang";
  SessionResult out;
  out.lifter = lifter;
  out.session = session;
  out.one_rep_max = std::numeric_limits<double>::quiet_NaN();
  Setup rep_setup = setup;
  rep_setup.lowering = !held_between_reps;  // every pull goes down again
  if (setup.load_percent > 0) {
    Setup up = rep_setup;
    up.lowering = false;  // the one-rep max of the pull up, or of the RDL down and up
    const OneRepMax max = one_rep_max(lifter, up, options);
    if (max.load <= 0) {
      throw InputError("load_percent", exact_number(setup.load_percent) + "%",
                       "this lifter completes no load with this setup, so a percentage of the "
                       "one-rep max has nothing to refer to");
    }
    out.one_rep_max = max.load;
    rep_setup.load = setup.load_percent / 100.0 * max.load;
    rep_setup.load_percent = 0;
  }
  out.setup = rep_setup;
  // the rep's torques drive the fatigue: sampled at least every 10 ms, whatever the output rate
  SimulationOptions with_series = options;
  with_series.store_series = true;
  with_series.rate = std::max(options.rate, kFatigueRate);
  const double dt = 1.0 / with_series.rate;

  const Model fresh = make_model(lifter);
  std::array<MuscleState, kNumJoints> muscles{};
  double clock = 0;  // s into the session
  std::string failures;
  Result pull;
  // what each joint works at holding the bar at the top between an RDL's reps: the static
  // demand of the rep's first sample (it starts from rest, standing), against fresh strength
  Targets hold{};
  const int sets = static_cast<int>(session.sets), reps = static_cast<int>(session.reps);
  for (int set = 1; set <= sets; ++set) {
    if (set > 1) {
      work(muscles, Targets{}, session.rest);
      clock += session.rest;
    }
    for (int rep = 1; rep <= reps; ++rep) {
      if (rep > 1) {
        work(muscles, held_between_reps ? hold : Targets{}, session.pause);
        clock += session.pause;
      }
      Rep r{set, rep, clock, {}, {}};
      for (int j = 0; j < kNumJoints; ++j) r.capacity[j] = muscles[j].capacity();
      Model model = fatigued(fresh, r.capacity);
      simulate_into(model, rep_setup, with_series, pull);
      r.summary = pull.summary;
      // the muscles work through the recorded samples (to the bar's highest point, if the rep
      // failed), each interval at the mean of its ends' targets
      Targets previous = pull.samples > 0 ? targets(fresh, pull, 0) : Targets{};
      if (rep == 1 && set == 1) hold = previous;
      for (std::size_t i = 1; i < pull.samples; ++i) {
        const Targets target = targets(fresh, pull, i);
        Targets mean{};
        for (int j = 0; j < kNumJoints; ++j) mean[j] = 0.5 * (previous[j] + target[j]);
        work(muscles, mean, dt);
        previous = target;
      }
      clock += pull.samples > 0 ? (pull.samples - 1) * dt : 0.0;
      out.reps.push_back(std::move(r));
      if (pull.summary.status.starts_with("stopped")) {  // the numerics, not the lifter
        out.status = "stopped at set " + std::to_string(set) + ", rep " + std::to_string(rep) +
                     ": " + pull.summary.status;
        out.duration = clock;
        return out;
      }
      if (!pull.summary.completed) {
        failures += (failures.empty() ? "" : "; ") + std::string("set ") + std::to_string(set) +
                    " failed at rep " + std::to_string(rep) + " (" + pull.summary.status + ")";
        break;  // a failed rep ends its set
      }
      ++out.reps_completed;
    }
  }
  out.duration = clock;
  out.completed = out.reps_completed == sets * reps;
  out.status = out.completed ? "completed"
                             : std::to_string(out.reps_completed) + " of " +
                                   std::to_string(sets * reps) + " reps: " + failures;
  return out;
}

std::string session_text(const SessionResult& result) {
  using detail::format;
  const std::string of_max =
      std::isnan(result.one_rep_max)
          ? ""
          : " (" + format_number(result.setup.load / result.one_rep_max * 100) +
                "% of a one-rep max of " + format_number(result.one_rep_max) + " kg)";
  std::string out = format("session: %d x %d at %.1f kg", static_cast<int>(result.session.sets),
                           static_cast<int>(result.session.reps), result.setup.load) +
                    of_max + ", rest " + format_number(result.session.rest) + " s, pause " +
                    format_number(result.session.pause) +
                    (result.setup.motion == "from_hang"
                         ? " s holding the bar at the top (lockout times count from the hang)\n"
                         : " s\n");
  out +=
      "set rep  start s  moment N*m  compression N  shear N  cumulative kN*s  lockout s  "
      "tempo %  weakest joint left\n";
  // a rep that never left the floor has no peaks: "-", not a number
  auto cell = [](double value, const char* pattern) {
    return std::isnan(value) ? std::string("-") : format(pattern, value);
  };
  for (const Rep& r : result.reps) {
    int weakest = 0;
    for (int j = 1; j < kNumJoints; ++j) {
      if (r.capacity[j] < r.capacity[weakest]) weakest = j;
    }
    const std::string left =
        r.capacity[weakest] >= 0.9995
            ? "all 100%"
            : kJointNames[weakest] + cell(100 * r.capacity[weakest], " %.0f%%");
    const Summary& s = r.summary;
    out += format(
        "%3d %3d %8.1f %11s %14s %8s %16s %10s %8.0f  %s%s\n", r.set, r.rep, r.start,
        cell(s.peak_moment.value, "%.0f").c_str(), cell(s.peak_compression.value, "%.0f").c_str(),
        cell(s.peak_anterior_shear.value, "%.0f").c_str(),
        cell(s.cumulative_compression / 1000, "%.1f").c_str(), cell(s.lockout_time, "%.2f").c_str(),
        100 * s.slowest_tempo, left.c_str(), s.completed ? "" : "  FAILED");
  }
  out += result.status + "\n";
  // the session's time under load: every rep's integral, a failed one's to the bar's highest
  // point
  double cumulative = 0;
  int lifted = 0;  // a rep that never left the floor lifted nothing
  for (const Rep& r : result.reps) {
    if (std::isnan(r.summary.cumulative_compression)) continue;
    cumulative += r.summary.cumulative_compression;
    ++lifted;
  }
  return out + format("cumulative L4-L5 compression %.0f kN*s over the %d rep%s lifted\n",
                      cumulative / 1000, lifted, lifted == 1 ? "" : "s");
}

std::vector<RepColumn> rep_columns(const SessionResult& result) {
  using Kind = RepColumn::Kind;
  std::vector<RepColumn> columns;
  auto number = [&](std::string name, std::string unit, auto&& value_of) {
    RepColumn c{std::move(name), std::move(unit), Kind::kNumber, {}, {}};
    for (const Rep& r : result.reps) c.numbers.push_back(value_of(r));
    columns.push_back(std::move(c));
  };
  number("set", "", [](const Rep& r) { return r.set; });
  number("rep", "", [](const Rep& r) { return r.rep; });
  number("start", "s", [](const Rep& r) { return r.start; });
  for (int j = 0; j < kNumJoints; ++j) {
    number(std::string("capacity_") + kJointNames[j], "",
           [j](const Rep& r) { return r.capacity[j]; });
  }
  // the summary's fields, in its one field list's order
  const std::size_t first_summary_column = columns.size();
  const Summary prototype_summary;
  for_each_summary_field(prototype_summary,
                         [&](const char* name, const auto& prototype, const char* unit) {
                           using T = std::decay_t<decltype(prototype)>;
                           RepColumn c{name, unit, Kind::kNumber, {}, {}};
                           if constexpr (std::is_same_v<T, std::string>) c.kind = Kind::kText;
                           if constexpr (std::is_same_v<T, bool>) c.kind = Kind::kFlag;
                           columns.push_back(std::move(c));
                         });
  for (const Rep& r : result.reps) {
    std::size_t k = first_summary_column;
    for_each_summary_field(r.summary, [&](const char*, const auto& value, const char*) {
      using T = std::decay_t<decltype(value)>;
      if constexpr (std::is_same_v<T, std::string>) {
        columns[k++].texts.push_back(value);
      } else {
        columns[k++].numbers.push_back(static_cast<double>(value));
      }
    });
  }
  return columns;
}

namespace {

void write_session_file(const SessionResult& result, const std::string& path) {
  using detail::check;
  using detail::Handle;
  using detail::write_attribute;
  Handle file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
              "create " + path);
  const hid_t root = file.get();
  write_attribute(root, "kind", std::string("session"));
  write_attribute(root, "version", std::string(version()));
  write_attribute(root, "status", result.status);
  write_attribute(root, "completed", result.completed);
  write_attribute(root, "reps_completed", static_cast<std::uint64_t>(result.reps_completed));
  write_attribute(root, "one_rep_max", result.one_rep_max);
  write_attribute(root, "duration", result.duration);
  detail::write_fields(root, "lifter", result.lifter);
  detail::write_fields(root, "setup", result.setup);
  detail::write_fields(root, "session", result.session);
  Handle group(H5Gcreate2(root, "reps", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
               "create group reps");
  const hsize_t rows = result.reps.size();
  Handle space(H5Screate_simple(1, &rows, nullptr), H5Sclose, "make a dataspace");
  for (const RepColumn& c : rep_columns(result)) {
    const bool text = c.kind == RepColumn::Kind::kText;
    const bool flag = c.kind == RepColumn::Kind::kFlag;
    Handle type = text ? detail::string_type() : flag ? detail::bool_type() : Handle();
    const hid_t type_id = text || flag ? type.get() : H5T_NATIVE_DOUBLE;
    Handle set(H5Dcreate2(group.get(), c.name.c_str(), type_id, space.get(), H5P_DEFAULT,
                          H5P_DEFAULT, H5P_DEFAULT),
               H5Dclose, "create dataset reps/" + c.name);
    if (rows > 0) {
      if (text) {
        std::vector<const char*> pointers;
        for (const std::string& t : c.texts) pointers.push_back(t.c_str());
        check(H5Dwrite(set.get(), type_id, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
              "write reps/" + c.name);
      } else if (flag) {
        std::vector<std::int8_t> flags(c.numbers.begin(), c.numbers.end());
        check(H5Dwrite(set.get(), type_id, H5S_ALL, H5S_ALL, H5P_DEFAULT, flags.data()),
              "write reps/" + c.name);
      } else {
        check(H5Dwrite(set.get(), type_id, H5S_ALL, H5S_ALL, H5P_DEFAULT, c.numbers.data()),
              "write reps/" + c.name);
      }
    }
    if (!c.unit.empty()) write_attribute(set.get(), "unit", c.unit);
  }
  check(H5Fflush(root, H5F_SCOPE_GLOBAL), "flush " + path);
}

}  // namespace

void save_session(const SessionResult& result, const OutputTarget& target) {
  detail::silence_hdf5();
  write_atomically(target,
                   [&](const std::string& partial) { write_session_file(result, partial); });
}

}  // namespace spineload
