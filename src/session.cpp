// Training sessions (docs/model.md 5.9).
#include "spineload/session.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>

#include "detail/format.hpp"
#include "detail/hdf5.hpp"
#include "spineload/error.hpp"
#include "spineload/fatigue.hpp"
#include "spineload/lifft.hpp"
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

// The setup each rep runs (of valid inputs): every pull lowered again (an RDL's rep is its way
// down and up, the bar held at the top between reps), the load in kg - a percentage of the
// fresh one-rep max of the same lift resolved first, that max returned in `max_load` (else
// NaN).
Setup rep_setup_of(const Lifter& lifter, const Setup& setup, const SimulationOptions& options,
                   double& max_load) {
  if (setup.motion == "hold") {
    throw InputError("motion", "\"hold\"",
                     "a session repeats pulls (\"pull\": from the floor or blocks) or RDLs "
                     "(\"from_hang\"); a hold is one effort, not reps");
  }
  Setup rep_setup = setup;
  rep_setup.lowering = setup.motion != "from_hang";
  max_load = std::numeric_limits<double>::quiet_NaN();
  if (setup.load_percent > 0) {
    Setup up = rep_setup;
    up.lowering = false;  // the one-rep max of the pull up, or of the RDL down and up
    const OneRepMax max = one_rep_max(lifter, up, options);
    if (max.load <= 0) {
      throw InputError("load_percent", exact_number(setup.load_percent) + "%",
                       "this lifter completes no load with this setup, so a percentage of the "
                       "one-rep max has nothing to refer to");
    }
    max_load = max.load;
    rep_setup.load = setup.load_percent / 100.0 * max.load;
    rep_setup.load_percent = 0;
  }
  return rep_setup;
}

// The largest load moment (N*m) of the reps, NaN if none lifted.
double largest_load_moment(const std::vector<Rep>& reps) {
  double largest = std::numeric_limits<double>::quiet_NaN();
  for (const Rep& r : reps) largest = std::fmax(largest, r.summary.load_moment);
  return largest;
}

// What LiFFT's numbers rest on, for load moments up to `largest` N*m.
std::string lifft_caveat(double largest) {
  std::string out =
      "  (LiFFT was fitted to occupational lifting, not to a barbell's load moments: compare "
      "sessions of one setup by it, do not read it as this lifter's risk; the moments are "
      "measured from L4-L5";
  const double failing = lifft_single_lift_failure_moment();
  if (largest > failing) {
    out += detail::format("; beyond %.0f N*m its curve breaks the tissue in one lift", failing);
  }
  return out + ")\n";
}

// The session as a day's lifting for LiFFT: every rep that lifted counts at its own peak load
// moment (a rep that never left the floor has none and adds nothing).
void tally_lifft(SessionResult& session) {
  session.lifft_damage = 0;
  for (const Rep& r : session.reps) session.lifft_damage += lifft_damage(r.summary.load_moment);
  session.lifft_risk = lifft_risk(session.lifft_damage);
}

}  // namespace

std::array<double, 3> parse_tempo(std::string_view text, std::string_view field) {
  const auto bad = [&](const std::string& why) {
    return InputError(std::string(field), "\"" + std::string(text) + "\"", why);
  };
  std::vector<std::string> parts(1);
  for (char c : text) {
    if (c == '-') {
      parts.emplace_back();
    } else {
      parts.back().push_back(c);
    }
  }
  if (parts.size() != 3) throw bad("expected UP-DOWN-PAUSE in seconds, e.g. 3-3-1");
  std::array<double, 3> seconds{};
  for (int k = 0; k < 3; ++k) {
    try {
      seconds[k] = parse_decimal(field, parts[k]);
    } catch (const InputError&) {
      throw bad("expected UP-DOWN-PAUSE in seconds, e.g. 3-3-1 (\"" + parts[k] +
                "\" is not a number)");
    }
  }
  return seconds;
}

SessionResult run_session(const Lifter& lifter, const Setup& setup, const Session& session,
                          const SimulationOptions& options) {
  validate_fields(setup);
  validate_fields(session);
  validate_fields(options);
  SessionResult out;
  out.lifter = lifter;
  out.session = session;
  const Setup rep_setup = rep_setup_of(lifter, setup, options, out.one_rep_max);
  // a pull pauses with the bar on the floor between reps; an RDL holds it at the top
  const bool held_between_reps = !rep_setup.lowering;
  out.setup = rep_setup;
  // the rep's torques drive the fatigue: sampled at least every 10 ms, whatever the output rate
  SimulationOptions with_series = options;
  with_series.store_series = true;
  with_series.rate = std::max(options.rate, kFatigueRate);
  const double dt = 1.0 / with_series.rate;

  const Model fresh = model_for_setup(make_model(lifter), rep_setup);  // its arms and stance
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
      // the muscles work through the recorded samples (to where a failed rep's loads end, 5.7;
      // to where its lowering was dropped), each interval at the mean of its ends' targets
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
        tally_lifft(out);
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
  tally_lifft(out);
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
  // the session's time under load: every rep's integral, a failed one's to where its loads end
  double cumulative = 0;
  int lifted = 0;  // a rep that never left the floor lifted nothing
  for (const Rep& r : result.reps) {
    if (std::isnan(r.summary.cumulative_compression)) continue;
    cumulative += r.summary.cumulative_compression;
    ++lifted;
  }
  out += format("cumulative L4-L5 compression %.0f kN*s over the %d rep%s lifted\n",
                cumulative / 1000, lifted, lifted == 1 ? "" : "s");
  const double largest = largest_load_moment(result.reps);
  if (std::isnan(largest)) return out;
  return out +
         format(
             "LiFFT damage %.3g (the session as a day's lifting; load moments up to %.0f N*m), "
             "probability of a high-risk job %.0f%%\n",
             result.lifft_damage, largest, 100 * result.lifft_risk) +
         lifft_caveat(largest);
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
  number("lifft_damage", "", [](const Rep& r) { return lifft_damage(r.summary.load_moment); });
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

// A table of columns, all of one length, as one dataset per column in a new group `name`
// (docs/files.md 11).
void write_table(hid_t parent, const std::string& name, const std::vector<RepColumn>& columns) {
  using detail::check;
  using detail::Handle;
  Handle group(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
               "create group " + name);
  auto length = [](const RepColumn& c) {
    return c.kind == RepColumn::Kind::kText ? c.texts.size() : c.numbers.size();
  };
  const hsize_t rows = columns.empty() ? 0 : length(columns.front());
  for (const RepColumn& c : columns) {
    if (length(c) != rows) throw std::logic_error("write_table: column " + c.name + " is short");
  }
  Handle space(H5Screate_simple(1, &rows, nullptr), H5Sclose, "make a dataspace");
  for (const RepColumn& c : columns) {
    const bool text = c.kind == RepColumn::Kind::kText;
    const bool flag = c.kind == RepColumn::Kind::kFlag;
    Handle type = text ? detail::string_type() : flag ? detail::bool_type() : Handle();
    const hid_t type_id = text || flag ? type.get() : H5T_NATIVE_DOUBLE;
    const std::string path = name + "/" + c.name;
    Handle set(H5Dcreate2(group.get(), c.name.c_str(), type_id, space.get(), H5P_DEFAULT,
                          H5P_DEFAULT, H5P_DEFAULT),
               H5Dclose, "create dataset " + path);
    if (rows > 0) {
      if (text) {
        std::vector<const char*> pointers;
        for (const std::string& t : c.texts) pointers.push_back(t.c_str());
        check(H5Dwrite(set.get(), type_id, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
              "write " + path);
      } else if (flag) {
        std::vector<std::int8_t> flags(c.numbers.begin(), c.numbers.end());
        check(H5Dwrite(set.get(), type_id, H5S_ALL, H5S_ALL, H5P_DEFAULT, flags.data()),
              "write " + path);
      } else {
        check(H5Dwrite(set.get(), type_id, H5S_ALL, H5S_ALL, H5P_DEFAULT, c.numbers.data()),
              "write " + path);
      }
    }
    if (!c.unit.empty()) detail::write_attribute(set.get(), "unit", c.unit);
  }
}

// An HDF5 file of `kind` with what every training file carries (docs/files.md 11), written
// whole through write_atomically; `write` adds the rest.
template <class Write>
void write_training_file(const OutputTarget& target, const std::string& kind, const Lifter& lifter,
                         const Setup& setup, const Session& session, const std::string& status,
                         bool completed, double one_rep_max, Write&& write) {
  detail::silence_hdf5();
  write_atomically(target, [&](const std::string& path) {
    using detail::write_attribute;
    detail::Handle file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
                        "create " + path);
    const hid_t root = file.get();
    write_attribute(root, "kind", kind);
    write_attribute(root, "version", std::string(version()));
    write_attribute(root, "status", status);
    write_attribute(root, "completed", completed);
    write_attribute(root, "one_rep_max", one_rep_max);
    detail::write_fields(root, "lifter", lifter);
    detail::write_fields(root, "setup", setup);
    detail::write_fields(root, "session", session);
    write(root);
    detail::check(H5Fflush(root, H5F_SCOPE_GLOBAL), "flush " + path);
  });
}

}  // namespace

void save_session(const SessionResult& result, const OutputTarget& target) {
  write_training_file(target, "session", result.lifter, result.setup, result.session, result.status,
                      result.completed, result.one_rep_max, [&](hid_t root) {
                        detail::write_attribute(root, "reps_completed",
                                                static_cast<std::uint64_t>(result.reps_completed));
                        detail::write_attribute(root, "duration", result.duration);
                        detail::write_attribute(root, "lifft_damage", result.lifft_damage);
                        detail::write_attribute(root, "lifft_risk", result.lifft_risk);
                        write_table(root, "reps", rep_columns(result));
                      });
}

ProgramResult run_program(const Lifter& lifter, const Setup& setup, const Session& session,
                          const Program& program, const SimulationOptions& options) {
  validate_fields(setup);
  validate_fields(session);
  validate_fields(program);
  validate_fields(options);
  ProgramResult out;
  out.lifter = lifter;
  out.session = session;
  out.program = program;
  out.setup = rep_setup_of(lifter, setup, options, out.one_rep_max);
  const int weeks = static_cast<int>(program.weeks);
  for (int week = 1; week <= weeks; ++week) {
    Setup week_setup = out.setup;
    week_setup.load = out.setup.load * (1.0 + program.progression / 100.0 * (week - 1));
    const std::string load = format_number(std::round(10 * week_setup.load) / 10) + " kg";
    try {
      out.weeks.push_back(run_session(lifter, week_setup, session, options));
    } catch (const InputError& e) {
      if (week == 1) throw;  // the inputs, not the progression
      out.status = std::to_string(out.weeks_completed) + " of " + std::to_string(weeks) +
                   " weeks: week " + std::to_string(week) + " (" + load +
                   ") cannot be set up: " + e.what();
      return out;
    }
    SessionResult& run = out.weeks.back();
    run.one_rep_max = out.one_rep_max;  // each week's percentage refers to the same max
    if (!run.completed) {
      // a session stopped by the step budget is the numerics, not the lifter
      const bool stopped = run.status.starts_with("stopped");
      out.status =
          std::to_string(out.weeks_completed) + " of " + std::to_string(weeks) +
          (stopped ? " weeks: week " : " weeks: the progression outran the lifter at week ") +
          std::to_string(week) + " (" + load + "): " + run.status;
      return out;
    }
    ++out.weeks_completed;
  }
  out.completed = true;
  out.status = "completed";
  return out;
}

std::vector<RepColumn> week_columns(const ProgramResult& result) {
  using Kind = RepColumn::Kind;
  std::vector<RepColumn> columns;
  auto column = [&](std::string name, std::string unit, Kind kind, auto&& value_of) {
    RepColumn c{std::move(name), std::move(unit), kind, {}, {}};
    for (std::size_t w = 0; w < result.weeks.size(); ++w) {
      if constexpr (std::is_same_v<decltype(value_of(w)), std::string>) {
        c.texts.push_back(value_of(w));
      } else {
        c.numbers.push_back(value_of(w));
      }
    }
    columns.push_back(std::move(c));
  };
  auto number = [&](std::string name, std::string unit, auto&& value_of) {
    column(std::move(name), std::move(unit), Kind::kNumber, value_of);
  };
  // the largest of a summary value over the week's reps (a rep that lifted nothing has none)
  auto largest = [&](std::size_t w, auto&& value_of) {
    double out = std::numeric_limits<double>::quiet_NaN();
    for (const Rep& r : result.weeks[w].reps) out = std::fmax(out, value_of(r.summary));
    return out;
  };
  auto session_compression = [&](std::size_t w) {
    double sum = 0;
    for (const Rep& r : result.weeks[w].reps) {
      if (!std::isnan(r.summary.cumulative_compression)) sum += r.summary.cumulative_compression;
    }
    return sum;
  };
  const int planned = static_cast<int>(result.session.sets * result.session.reps);
  number("week", "", [](std::size_t w) { return static_cast<double>(w + 1); });
  number("load", "kg", [&](std::size_t w) { return result.weeks[w].setup.load; });
  number("load_percent", "%",
         [&](std::size_t w) { return 100.0 * result.weeks[w].setup.load / result.one_rep_max; });
  number("reps_planned", "", [&](std::size_t) { return static_cast<double>(planned); });
  number("reps_completed", "",
         [&](std::size_t w) { return static_cast<double>(result.weeks[w].reps_completed); });
  column("completed", "", Kind::kFlag,
         [&](std::size_t w) { return result.weeks[w].completed ? 1.0 : 0.0; });
  number("peak_moment", "N*m", [&](std::size_t w) {
    return largest(w, [](const Summary& s) { return s.peak_moment.value; });
  });
  number("peak_compression", "N", [&](std::size_t w) {
    return largest(w, [](const Summary& s) { return s.peak_compression.value; });
  });
  number("peak_anterior_shear", "N", [&](std::size_t w) {
    return largest(w, [](const Summary& s) { return s.peak_anterior_shear.value; });
  });
  number("peak_l5s1_compression", "N", [&](std::size_t w) {
    return largest(w, [](const Summary& s) { return s.peak_l5s1_compression.value; });
  });
  number("session_compression", "N*s", session_compression);
  number("week_compression", "N*s",
         [&](std::size_t w) { return result.program.sessions_per_week * session_compression(w); });
  number("lifft_damage", "", [&](std::size_t w) { return result.weeks[w].lifft_damage; });
  number("lifft_risk", "", [&](std::size_t w) { return result.weeks[w].lifft_risk; });
  column("status", "", Kind::kText, [&](std::size_t w) { return result.weeks[w].status; });
  return columns;
}

namespace {

// The program's LiFFT columns: what they are and rest on (nothing if no rep lifted).
std::string lifft_note(const ProgramResult& result) {
  double largest = std::numeric_limits<double>::quiet_NaN();
  for (const SessionResult& week : result.weeks) {
    largest = std::fmax(largest, largest_load_moment(week.reps));
  }
  if (std::isnan(largest)) return "";
  return detail::format(
             "LiFFT damage and risk: each week's session as a day's lifting (load moments up to "
             "%.0f N*m)\n",
             largest) +
         lifft_caveat(largest);
}

}  // namespace

std::string program_text(const ProgramResult& result) {
  using detail::format;
  const Session& plan = result.session;
  const Program& program = result.program;
  const bool percent = !std::isnan(result.one_rep_max);
  std::string out =
      format("program: %d x %d ", static_cast<int>(plan.sets), static_cast<int>(plan.reps)) +
      (percent ? format("at %.1f%% of a one-rep max of ",
                        100.0 * result.setup.load / result.one_rep_max) +
                     format("%.1f kg (%.1f kg)", result.one_rep_max, result.setup.load)
               : format("at %.1f kg", result.setup.load)) +
      ", +" + format_number(program.progression) + "% of it a week for " +
      format_number(program.weeks) + " weeks, " + format_number(program.sessions_per_week) +
      " session" + (program.sessions_per_week == 1 ? "" : "s") + " a week, rest " +
      format_number(plan.rest) + " s, pause " + format_number(plan.pause) + " s\n";
  out +=
      "week  load kg  % 1RM   reps   moment N*m  compression N  shear N  session kN*s  "
      "week kN*s  LiFFT damage  risk %\n";
  const std::vector<RepColumn> columns = week_columns(result);
  auto at = [&](const char* name, std::size_t w) {
    for (const RepColumn& c : columns) {
      if (c.name == name) return c.numbers[w];
    }
    return std::numeric_limits<double>::quiet_NaN();
  };
  auto cell = [](double value, const char* pattern) {
    return std::isnan(value) ? std::string("-") : format(pattern, value);
  };
  double total = 0;
  for (std::size_t w = 0; w < result.weeks.size(); ++w) {
    total += at("week_compression", w);
    const SessionResult& week = result.weeks[w];
    const char* mark = week.completed                       ? ""
                       : week.status.starts_with("stopped") ? "  STOPPED"
                                                            : "  FAILED";
    out += format(
        "%4zu %8.1f %6s %6s %12s %14s %8s %13.1f %10.1f %13.3g %7.0f%s\n", w + 1, at("load", w),
        cell(at("load_percent", w), "%.1f").c_str(),
        format("%.0f/%.0f", at("reps_completed", w), at("reps_planned", w)).c_str(),
        cell(at("peak_moment", w), "%.0f").c_str(), cell(at("peak_compression", w), "%.0f").c_str(),
        cell(at("peak_anterior_shear", w), "%.0f").c_str(), at("session_compression", w) / 1000,
        at("week_compression", w) / 1000, at("lifft_damage", w), 100 * at("lifft_risk", w), mark);
  }
  out += result.status + "\n";
  const std::size_t weeks = result.weeks.size();
  return out +
         format("cumulative L4-L5 compression %.0f kN*s over the %zu week%s run\n", total / 1000,
                weeks, weeks == 1 ? "" : "s") +
         lifft_note(result) +
         "(the lifter does not grow stronger from week to week: the program shows where the "
         "progression outruns today's strength)\n";
}

void save_program(const ProgramResult& result, const OutputTarget& target) {
  write_training_file(target, "program", result.lifter, result.setup, result.session, result.status,
                      result.completed, result.one_rep_max, [&](hid_t root) {
                        detail::write_attribute(root, "weeks_completed",
                                                static_cast<std::uint64_t>(result.weeks_completed));
                        detail::write_fields(root, "program", result.program);
                        write_table(root, "weeks", week_columns(result));
                      });
}

}  // namespace spineload
