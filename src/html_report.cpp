// The coach's report: the pulls as JSON inside the page template web/report.html (embedded at
// build time), whose script draws them.
#include "spineload/html_report.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "spineload/data.hpp"
#include "spineload/error.hpp"
#include "spineload/kinematics.hpp"
#include "spineload/model.hpp"
#include "spineload/report.hpp"
#include "spineload/simulate.hpp"
#include "detail/format.hpp"

namespace spineload {

namespace detail {
std::string_view report_template();  // generated from web/report.html
}  // namespace detail

namespace {

using detail::format;
using nlohmann::ordered_json;

// Positions to 0.1 mm and loads to 0.1 N: the page draws them; shorter numbers keep a report
// of several pulls small. Divided by the whole `per_unit`, so that 0.0294 prints as 0.0294.
double round_to(double value, double per_unit) {
  return std::round(value * per_unit) / per_unit + 0.0;  // + 0.0: no "-0"
}

// A signed change in words: "+8 cm" style numbers with their unit, never "-0".
std::string signed_text(double change, const char* pattern) {
  const std::string text = format(pattern, change);
  return text == format(pattern, -0.0) ? format(pattern, 0.0) : text;
}

std::string percent_text(double value, double reference) {
  // a percentage of almost nothing (a hold's moment) says nothing
  if (!(std::abs(reference) >= 1.0) || std::isnan(value)) return "";
  const double percent = 100 * (value - reference) / std::abs(reference);
  return std::abs(percent) < 10 ? format("%+.1f%%", percent) : format("%+.0f%%", percent);
}

// What one setup changed against the reference, in a coach's words where there are some
// ("bar 8.0 cm further forward", "trunk 10 deg more upright"), else "field a -> b unit".
std::vector<std::string> setup_changes(const Setup& setup, const Setup& reference) {
  std::vector<std::string> changes;
  std::vector<std::pair<std::string, std::string>> texts;  // name -> value, reference first
  for_each_field(reference, [&](const auto& value, const FieldInfo& info) {
    using T = std::decay_t<decltype(value)>;
    if constexpr (std::is_same_v<T, double>) {
      texts.emplace_back(std::string(info.name), exact_number(value));
    } else if constexpr (std::is_same_v<T, bool>) {
      texts.emplace_back(std::string(info.name), value ? "true" : "false");
    } else {
      texts.emplace_back(std::string(info.name), value);
    }
  });
  std::size_t i = 0;
  for_each_field(setup, [&](const auto& value, const FieldInfo& info) {
    using T = std::decay_t<decltype(value)>;
    const std::string& before = texts[i++].second;
    const std::string name(info.name);
    if (name == "name") return;
    if constexpr (std::is_same_v<T, double>) {
      if (exact_number(value) == before) return;
      const double change = value - parse_decimal(name, before);
      if (name == "load") {
        changes.push_back(format("%.1f kg ", std::abs(change)) +
                          (change > 0 ? "heavier" : "lighter"));
      } else if (name == "bar_offset") {
        changes.push_back(format("bar %.1f cm further ", std::abs(100 * change)) +
                          (change > 0 ? "forward" : "back"));
      } else if (name == "trunk_angle_deg") {
        changes.push_back(format("trunk %.0f deg ", std::abs(change)) +
                          (change > 0 ? "more upright" : "lower"));
      } else if (name == "lumbar_flexion_deg") {
        changes.push_back(format("lower back %.0f deg ", std::abs(change)) +
                          (change > 0 ? "more rounded" : "less rounded"));
      } else if (name == "bracing") {
        changes.push_back(format("bracing %.0f%%", 100 * (value - change)) +
                          format(" -> %.0f%%", 100 * value));
      } else if (name == "coordination") {
        changes.push_back(std::string(change > 0 ? "hips rise earlier" : "hips rise later") +
                          " (coordination " + before + " -> " + exact_number(value) + ")");
      } else {
        changes.push_back(name + " " + before + " -> " + exact_number(value) +
                          (info.unit.empty() ? "" : " " + std::string(info.unit)));
      }
    } else if constexpr (std::is_same_v<T, bool>) {
      if ((value ? "true" : "false") != before) {
        changes.push_back(name + (value ? " on" : " off"));
      }
    } else {
      if (value != before) changes.push_back(name + " " + before + " -> " + value);
    }
  });
  return changes;
}

bool lifted(const Summary& s) { return !std::isnan(s.peak_moment.value); }

ordered_json pull_json(const Result& r) {
  const Summary& s = r.summary;
  const Model model = model_for_setup(r.lifter, r.setup);
  Data data;
  const std::vector<double>& time = r.channel(Channel::kTime);
  const std::vector<double>& q = r.channel(Channel::kQ);
  const std::vector<double>& bar = r.channel(Channel::kBar);
  ordered_json points = ordered_json::array(), bar_xy = ordered_json::array();
  ordered_json times = ordered_json::array(), moment = ordered_json::array(),
               compression = ordered_json::array(), shear = ordered_json::array();
  for (std::size_t k = 0; k < r.samples; ++k) {
    forward_kinematics(model, data, Eigen::Map<const Vec5>(&q[kNumJoints * k]));
    for (const Vec2& p : data.landmark) {
      points.push_back(round_to(p.x(), 1e4));
      points.push_back(round_to(p.y(), 1e4));
    }
    bar_xy.push_back(round_to(bar[2 * k], 1e4));
    bar_xy.push_back(round_to(bar[2 * k + 1], 1e4));
    times.push_back(round_to(time[k], 1e4));
    moment.push_back(round_to(r.channel(Channel::kMoment)[k], 10));
    compression.push_back(round_to(r.channel(Channel::kCompression)[k], 10));
    shear.push_back(round_to(r.channel(Channel::kShear)[k], 10));
  }
  ordered_json events = ordered_json::array();
  auto event = [&](const char* label, double t) {
    if (!std::isnan(t)) events.push_back({{"label", label}, {"time", t}});
  };
  event(r.setup.motion == "from_hang" ? "up from the bottom" : "liftoff", s.liftoff_time);
  event("knee", s.knee_time);
  if (r.setup.motion != "hold") event("lockout", s.lockout_time);           // a hold starts there
  // where it ended: a failed pull, or a filmed clip that stops before its lockout
  const bool measured = !r.source.empty();
  if (!s.completed && r.samples > 0) event(measured ? "clip ends" : "failed", time[r.samples - 1]);
  // a lowering that lost control: the lift counts, the channels end before the drop
  if (s.completed && s.status != "completed" && r.samples > 0) {
    event("bar dropped", time[r.samples - 1]);
  }

  ordered_json out;
  out["name"] = r.setup.name;
  out["load"] = r.setup.load;
  out["completed"] = s.completed;
  out["lifted"] = lifted(s);
  out["measured"] = measured;
  out["status"] = s.status;
  out["foot"] = {{"heel_x", model.heel_x}, {"toe_x", model.toe_x}};
  out["head_length"] = model.head.length;
  // drawn at the hands: a 450 mm plate (smaller on blocks), handles at the sides, or a load
  // held at the chest (a sandbag or keg)
  out["plate_radius"] = r.setup.lockout_load == "sides"   ? 0.06
                        : r.setup.lockout_load == "chest" ? 0.15
                                                          : std::min(0.225, r.setup.bar_height);
  out["time"] = times;
  out["points"] = points;  // per sample: ankle, knee, hip, L4-L5, shoulder, hand (x, y)
  if (model.arms_folded) {  // the elbow of arms folded at the chest, along and anterior
    out["elbow"] = {model.folded_arms.elbow.x(), model.folded_arms.elbow.y()};
  }
  out["bar"] = bar_xy;
  out["moment"] = moment;
  out["compression"] = compression;
  out["shear"] = shear;
  out["events"] = events;
  return out;
}

}  // namespace

std::vector<std::string> report_notes(const std::vector<Result>& results) {
  std::vector<std::string> notes;
  if (results.empty()) return notes;
  const Result& reference = results.front();
  const Summary& ref = reference.summary;
  const std::string ref_name = reference.setup.name;
  if (lifted(ref)) {
    notes.push_back(ref_name + format(" (the reference, %.0f kg): ", reference.setup.load) +
                    format("peak L4-L5 moment %.0f N*m", ref.peak_moment.value) +
                    (std::isnan(ref.liftoff_lever)
                         ? std::string()
                         : format(", with the bar %.1f cm ahead of L4-L5 at liftoff",
                                  100 * ref.liftoff_lever)) +
                    format("; peak disc compression %.0f N", ref.peak_compression.value) +
                    format(", peak anterior shear %.0f N.", ref.peak_anterior_shear.value));
  }
  if (!ref.completed) {
    notes.push_back(ref_name + " did not complete (" + ref.status +
                    "), so the other setups are not compared with it in percent.");
  }
  for (std::size_t i = 1; i < results.size(); ++i) {
    const Result& r = results[i];
    const Summary& s = r.summary;
    std::string changes;
    for (const std::string& c : setup_changes(r.setup, reference.setup)) {
      changes += (changes.empty() ? "" : ", ") + c;
    }
    std::string note = r.setup.name + " (" + (changes.empty() ? "same setup" : changes) + "): ";
    if (!lifted(s)) {
      notes.push_back(note + "nothing was lifted - " + s.status + ".");
      continue;
    }
    if (!s.completed) {
      notes.push_back(note + "did not complete - " + s.status +
                      ". Its numbers stop at the failure: they are not the loads of a whole "
                      "pull, and are not compared.");
      continue;
    }
    if (!ref.completed) {
      notes.push_back(note + format("peak moment %.0f N*m, ", s.peak_moment.value) +
                      format("compression %.0f N.", s.peak_compression.value));
      continue;
    }
    if (!std::isnan(s.liftoff_lever) && !std::isnan(ref.liftoff_lever)) {  // holds have none
      note += format("lever at liftoff %.1f cm", 100 * s.liftoff_lever) +
              format(" vs %.1f cm", 100 * ref.liftoff_lever) + " (" +
              signed_text(100 * (s.liftoff_lever - ref.liftoff_lever), "%+.1f cm") + "); ";
    }
    auto compare = [&](const char* what, double value, double reference_value, const char* unit) {
      const std::string percent = percent_text(value, reference_value);
      return std::string(what) + format(" %.0f", value) + format(" vs %.0f ", reference_value) +
             unit + (percent.empty() ? "" : " (" + percent + ")");
    };
    note +=
        compare("peak moment", s.peak_moment.value, ref.peak_moment.value, "N*m") + "; " +
        compare("compression", s.peak_compression.value, ref.peak_compression.value, "N") + "; " +
        compare("anterior shear", s.peak_anterior_shear.value, ref.peak_anterior_shear.value, "N") +
        ".";
    const double passive = s.passive_share_at_peak, passive_ref = ref.passive_share_at_peak;
    if (std::abs(passive - passive_ref) >= 0.05) {
      note += format(" Passive tissue carries %.0f%%", 100 * passive) +
              format(" of the peak moment (vs %.0f%%)", 100 * passive_ref) +
              (passive > passive_ref ? ": load moves from muscle to ligament." : ".");
    }
    const bool muscle_groups =
        r.setup.spine_model == "fascicles" || reference.setup.spine_model == "fascicles";
    if (muscle_groups && std::abs(s.min_stability.value - ref.min_stability.value) >= 10) {
      note += format(" Least stability %.0f", s.min_stability.value) +
              format(" vs %.0f N*m/rad", ref.min_stability.value) +
              (s.min_stability.value > 0 && ref.min_stability.value < 0
                   ? ": the muscles' stiffness now holds the upper body without active control."
                   : ".");
    }
    // a hold starts at its lockout: only two lifts' lockouts compare
    const bool both_lifted_to_lockout =
        r.setup.motion != "hold" && reference.setup.motion != "hold";
    if (both_lifted_to_lockout && s.lockout_time - ref.lockout_time > 0.3) {
      note += format(" Lockout at %.1f s", s.lockout_time) +
              format(" vs %.1f s: a grind.", ref.lockout_time);
    }
    notes.push_back(note);
  }
  // a bar path no lifter could take, where it was planned
  for (const Result& r : results) {
    const Peak& inside = r.summary.bar_inside_legs;
    if (bar_path_flagged(r.summary)) {
      notes.push_back(r.setup.name +
                      format(": the planned bar passes %.1f cm", 100 * inside.value) +
                      " inside the legs' clearance" + format(" at %.2f s", inside.time) +
                      " (the knees come forward between the plan's nodes): a lifter's shins "
                      "would push it out, so the loads near then are approximate.");
    }
  }
  // the limits in context, once
  double highest = 0;
  for (const Result& r : results) {
    if (lifted(r.summary)) highest = std::max(highest, r.summary.peak_compression.value);
  }
  if (highest > kNioshActionLimit) {
    notes.push_back(
        format("Peak compressions up to %.0f N are above the NIOSH action limit", highest) +
        format(" (%.0f N)", kNioshActionLimit) +
        ", which is guidance for repetitive occupational lifting. Trained "
        "powerlifters reach about 17 kN in a deadlift (Cholewicki et al. 1991): "
        "compare these setups with each other rather than with the limit.");
  }
  return notes;
}

std::string html_report(const std::vector<Result>& results, const BandTable* bands) {
  if (results.empty()) throw InputError("setups", "none", "a report needs at least one pull");
  const Lifter& lifter = results.front().lifter;
  ordered_json doc;
  doc["lifter"] = lifter.name + " (" + lifter.sex + format(", %.2f m", lifter.height) +
                  format(", %.1f kg", lifter.mass) + ")";
  doc["version"] = std::string(version());
  doc["limits"] = {{"niosh_action", kNioshActionLimit},
                   {"niosh_maximum", kNioshMaximumLimit},
                   {"shear", kShearLimit}};
  ordered_json pulls = ordered_json::array();
  for (const Result& r : results) {
    if (r.samples == 0 && lifted(r.summary)) {  // store_series = false: nothing to draw
      throw InputError("results", "\"" + r.setup.name + "\"",
                       "a pull without its time series (store_series = false): the report "
                       "draws the whole pull");
    }
    pulls.push_back(pull_json(r));
  }
  doc["pulls"] = pulls;
  doc["table"] = compare_rows(results);
  doc["notes"] = report_notes(results);
  if (bands) {
    doc["bands"] = {{"about", bands->about},
                    {"legend", bands->legend},
                    {"rows", bands->rows},
                    {"notes", bands->notes}};
  }

  // a "</script>" or "<!--" inside a name would end or confuse the data's script element;
  // "<" only occurs inside JSON strings, where \u003c means the same
  std::string data;
  const std::string text = doc.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
  for (char c : text) data += c == '<' ? std::string("\\u003c") : std::string(1, c);
  std::string page(detail::report_template());
  const std::string_view placeholder = "@SPINELOAD_DATA@";
  const std::size_t at = page.find(placeholder);
  page.replace(at, placeholder.size(), data);
  return page;
}

}  // namespace spineload
