// JSON and text views of results and models (docs/files.md "Summary JSON", `model --json`).
#include "spineload/report.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <tuple>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "spineload/analyze.hpp"
#include "spineload/simulate.hpp"
#include "spineload/uncertainty.hpp"
#include "spineload/walking.hpp"
#include "detail/angles.hpp"
#include "detail/format.hpp"

namespace spineload {

namespace {

using nlohmann::ordered_json;

using detail::kRadToDeg;

// NaN has no JSON spelling: it becomes null.
ordered_json number(double value) {
  return std::isfinite(value) ? ordered_json(value) : ordered_json(nullptr);
}

template <class Input>
ordered_json fields_json(const Input& input) {
  ordered_json out = ordered_json::object();
  for_each_field(input, [&](const auto& value, const FieldInfo& info) {
    using T = std::decay_t<decltype(value)>;
    if constexpr (std::is_same_v<T, double>) {
      out[std::string(info.name)] = number(value);
    } else {
      out[std::string(info.name)] = value;
    }
  });
  return out;
}

ordered_json summary_object(const Result& result) {
  const Summary& s = result.summary;
  ordered_json out;
  for_each_summary_field(s, [&](const char* name, const auto& value, const char*) {
    using T = std::decay_t<decltype(value)>;
    if constexpr (std::is_same_v<T, double>) {
      out[name] = number(value);
    } else {
      out[name] = value;
    }
  });
  ordered_json angles = ordered_json::object();
  for (std::size_t i = 0; i < kStartAngleNames.size(); ++i) {
    angles[std::string(kStartAngleNames[i])] = number(s.start_angles_deg[i]);
  }
  out["start_angles_deg"] = angles;
  ordered_json landmarks = ordered_json::object();
  for (std::size_t i = 0; i < kStartLandmarkNames.size(); ++i) {
    landmarks[std::string(kStartLandmarkNames[i])] = {number(s.start_landmarks[i].x()),
                                                      number(s.start_landmarks[i].y())};
  }
  out["start_landmarks"] = landmarks;
  out["lifter"] = fields_json(result.lifter);
  out["setup"] = fields_json(result.setup);
  out["options"] = fields_json(result.options);
  if (!result.source.empty()) out["source"] = result.source;
  out["version"] = version();
  return out;
}

ordered_json segment_json(const Segment& s) {
  ordered_json out;
  out["name"] = s.name;
  out["mass"] = s.mass;
  out["length"] = s.length;
  out["proximal"] = s.proximal;
  out["distal"] = s.distal;
  out["com"] = {{"x", s.com_along}, {"y", s.com_perp}};
  out["inertia"] = s.inertia;
  return out;
}

using detail::format;

// A horizontal position for a coach: "over mid-foot", "4.0 cm ahead of mid-foot", "6.0 cm
// behind mid-foot" (x in m, + ahead).
std::string cm_from_mid_foot(double x) {
  const double cm = 100 * x;
  if (std::abs(cm) < 0.05) return "over mid-foot";
  return format("%.1f cm ", std::abs(cm)) + (cm > 0 ? "ahead of" : "behind") + " mid-foot";
}

// The bar's height at the sticking point, as its centre's height and its rise from the floor
// position ("38 cm high, 15 cm up").
std::string bar_height_text(const Summary& s) {
  const double rise = s.sticking_height - s.start_landmarks[6].y();
  return format("%.0f cm high", 100 * s.sticking_height) + format(", %.0f cm up", 100 * rise);
}

std::string percent_change(double value, double reference) {
  if (std::abs(reference) < 1.0) return "";  // a percentage of almost nothing says nothing
  return format("%+.1f%%", 100.0 * (value - reference) / std::abs(reference));
}

}  // namespace

std::string summary_json(const Result& result, int indent) {
  return summary_object(result).dump(indent);
}

std::string model_json(const Model& model, int indent) {
  ordered_json out;
  out["lifter"] = fields_json(model.lifter);
  out["body_mass"] = model.body_mass;
  out["gravity"] = model.gravity;
  ordered_json segments = ordered_json::array();
  for (const Segment& s : model.segments) segments.push_back(segment_json(s));
  out["segments"] = segments;
  out["foot"] = segment_json(model.foot);
  out["head"] = segment_json(model.head);
  // the arm segment of a chest hold (lockout_load = "chest"), and its elbow (along, anterior)
  out["folded_arms"] = segment_json(model.folded_arms.segment);
  out["folded_arms"]["elbow"] = {model.folded_arms.elbow.x(), model.folded_arms.elbow.y()};
  out["bar"] = {{"mass", model.bar_mass}, {"attached_to", "hand"}};
  out["ankle"] = {model.ankle.x(), model.ankle.y()};
  out["heel_x"] = model.heel_x;
  out["toe_x"] = model.toe_x;
  out["l4l5"] = {{"fraction", model.l4l5_fraction}, {"from", "hip"}, {"to", "shoulder"}};
  // the stance the thighs and feet are seen from the side in (docs/model.md 2.4)
  out["stance"] = {{"width", model.stance.width},
                   {"foot_angle_deg", model.stance.foot_angle * kRadToDeg},
                   {"hip_width", model.stance.hip_width},
                   {"thigh_tilt_deg", model.stance.thigh_tilt * kRadToDeg}};
  out["l5s1"] = {{"below_l4l5", model.l5s1_below_l4l5},
                 {"disc_tilt_deg", model.spine.l5s1_disc_tilt * kRadToDeg},
                 {"flexion_share", model.spine.l5s1_flexion_share},
                 {"pelvis_above", segment_json(model.pelvis_above_l5s1)}};
  ordered_json joints = ordered_json::array();
  for (int j = 0; j < kNumJoints; ++j) {
    joints.push_back({{"name", kJointNames[j]},
                      {"sign", kJointSign[j]},
                      {"range_deg", {model.q_min[j] * kRadToDeg, model.q_max[j] * kRadToDeg}},
                      {"strength", model.torque_max[j]}});
  }
  out["joints"] = joints;
  const SpineParameters& sp = model.spine;
  out["spine"] = {{"extensor_moment_arm", sp.extensor_moment_arm},
                  {"abdominal_wall_height", sp.abdominal_wall_height},
                  {"extensor_angle_deg", sp.extensor_angle * kRadToDeg},
                  {"passive_moment_max", sp.passive_moment_max},
                  {"lumbar_flexion_range_deg", sp.lumbar_flexion_range * kRadToDeg},
                  {"passive_shape", sp.passive_stiffness_shape},
                  {"passive_moment_arm", sp.passive_moment_arm},
                  {"iap_moment_arm", sp.iap_moment_arm},
                  {"iap_area", sp.iap_area}};
  ordered_json muscles = ordered_json::array();
  for (int i = 0; i < kNumMuscleGroups; ++i) {
    const MuscleParameters& m = sp.muscles;
    muscles.push_back({{"name", kMuscleGroupNames[i]},
                       {"max_force", m.max_force[i]},
                       {"moment_arm", m.line[i][0].moment_arm},
                       {"length", m.length[i]},
                       {"brace_activation", m.brace_activation[i]}});
  }
  out["muscles"] = muscles;
  out["version"] = version();
  return out.dump(indent);
}

std::string model_text(const Model& model) {
  const Lifter& l = model.lifter;
  std::string out = "spineload " + std::string(version()) + " model of " + l.name + " (" +
                    l.sex + ", " + format("%.3f m", l.height) + ", " +
                    format("%.1f kg", l.mass) + ") holding " +
                    format("%.1f kg", model.bar_mass) + "\n\n";
  out += "segment  proximal -> distal     mass kg  length m  com along m  com perp m  "
         "inertia kg*m^2\n";
  auto row = [&](const Segment& seg) {
    out += format("%-8s ", seg.name.c_str()) +
           format("%-22s", (seg.proximal + " -> " + seg.distal).c_str()) +
           format("%8.2f", seg.mass) + format("%10.3f", seg.length) +
           format("%13.3f", seg.com_along) + format("%12.3f", seg.com_perp) +
           format("%16.4f", seg.inertia) + "\n";
  };
  for (const Segment& seg : model.segments) row(seg);
  row(model.foot);
  out += "(the arm with the elbows at 90 deg, for a load at the chest, lockout_load = chest:)\n";
  row(model.folded_arms.segment);
  out += format("\nbody %.1f kg (feet included); bar a point mass at the hand\n", model.body_mass);
  out += format("L4-L5 at %.3f of the hip -> shoulder line; ", model.l4l5_fraction) +
         format("ankle at (%+.3f, %.3f) m; ", model.ankle.x(), model.ankle.y()) +
         format("foot from %+.3f to %+.3f m\n", model.heel_x, model.toe_x);
  const Stance& st = model.stance;
  out += st.width > 0 || st.foot_angle > 0
             ? format("stance %.2f m between the ankles, ", st.width) +
                   format("feet out %.0f deg: ", st.foot_angle * kRadToDeg) +
                   format("the thighs %.0f deg out of the sagittal plane, ",
                          st.thigh_tilt * kRadToDeg) +
                   format("%.3f m from the side (of %.3f m); ", model.segments[kThigh].length,
                          st.thigh.length) +
                   format("hips %.3f m apart\n", st.hip_width)
             : format("stance: ankles under the hips (%.3f m apart), feet straight ahead\n",
                      st.hip_width);
  out += "\njoint      range deg        strength N*m (isometric, best angle)\n";
  for (int j = 0; j < kNumJoints; ++j) {
    out += format("%-9s", kJointNames[j]) +
           format("%6.0f to %4.0f", model.q_min[j] * kRadToDeg, model.q_max[j] * kRadToDeg) +
           format("%16.0f\n", model.torque_max[j]);
  }
  const SpineParameters& sp = model.spine;
  out += format("\nspine: equivalent extensor %.3f m at %.1f deg; ", sp.extensor_moment_arm,
                sp.extensor_angle * kRadToDeg) +
         format("passive %.0f N*m at %.0f deg flexion; ", sp.passive_moment_max,
                sp.lumbar_flexion_range * kRadToDeg) +
         format("IAP area %.4f m^2 at %.3f m, ", sp.iap_area, sp.iap_moment_arm) +
         format("abdominal wall %.3f m high\n", sp.abdominal_wall_height);
  out +=
      format("L5-S1 %.3f m below L4-L5 on the pelvis line, ", model.l5s1_below_l4l5) +
      format("its disc %.1f deg forward of that line standing, ", sp.l5s1_disc_tilt * kRadToDeg) +
      format("turning with %.0f%% of the lumbar flexion; ", 100 * sp.l5s1_flexion_share) +
      format("the pelvis above it %.2f kg\n", model.pelvis_above_l5s1.mass);
  out += "\nmuscle group (spine_model = fascicles)  max force N  moment arm m* brace activation\n";
  for (int i = 0; i < kNumMuscleGroups; ++i) {
    const MuscleParameters& m = sp.muscles;
    out += format("%-40s", std::string(kMuscleGroupNames[i]).c_str()) +
           format("%11.0f", m.max_force[i]) + format("%14.4f", m.line[i][0].moment_arm) +
           format("%18.2f\n", m.brace_activation[i]);
  }
  out += "* moment per newton of the group's force (the obliques: 0.71 of their lever, the "
         "sagittal share of their pull)\n";
  out +=
      "max force: with a neutral lumbar spine; the extensor groups' grows with lumbar "
      "flexion by the lumbar torque-angle factor (docs/model.md 6.6), so a pull's activation "
      "is its force over the maximum at that instant's flexion\n";
  out += "(every number with its source: docs/model.md; as JSON: spineload model --json)\n";
  return out;
}

std::string summary_text(const Result& result) {
  const Summary& s = result.summary;
  const Lifter& l = result.lifter;
  const Setup& u = result.setup;
  std::string out;
  out += "spineload " + std::string(version()) + "\n";
  out += "lifter  " + l.name + " (" + l.sex + ", " + format("%.2f m", l.height) + ", " +
         format("%.1f kg", l.mass) + ", strength x" + format("%.2g", l.strength) + ")\n";
  // what fixed the start posture (docs/model.md 4.2): the trunk angle is an input only to
  // the balance and arms_vertical rules
  const bool hang = u.motion == "from_hang", hold = u.motion == "hold";
  std::string rule = ", trunk " + format("%.0f deg", u.trunk_angle_deg) + " above horizontal";
  if (hold) {
    rule = u.lockout_load == "sides"   ? ", at the sides"
           : u.lockout_load == "chest" ? ", at the chest (elbows at 90 deg)"
                                       : ", on the thighs";
    rule += u.walking ? format(", walking (a measured gait, %.0f steps a minute)",
                               120.0 / gait_cycle_duration())
                      : ", standing";
  } else if (u.posture == "shoulders") {
    rule = ", shoulders " + format("%.1f cm", 100 * u.shoulder_offset) + " ahead of the bar";
  } else if (u.posture == "hinge") {
    rule = ", a hip hinge with the knees at " + format("%.0f deg", u.lockout_knee_deg) +
           ", shoulders " + format("%.1f cm", 100 * u.shoulder_offset) + " ahead of the bar";
  }
  const std::string timing =
      hang ? format("from the hang: %.2f s down, ", u.lowering_duration) +
                 format("%.2f s up", u.duration)
      : hold ? format(u.walking ? "carried for %.2f s" : "held for %.2f s", u.duration)
             : format("%.2f s", u.duration) +
                   (u.bar_height > Setup{}.bar_height ? " start to lockout" : " floor to lockout");
  // the plan's other choices, when they are not the plain pull's
  const std::string plan_choices =
      (hold || u.coordination == 0 ? ""
       : u.coordination > 0        ? format(", knees first (coordination %g)", u.coordination)
                                   : format(", hips first (coordination %g)", u.coordination)) +
      (!hold && u.bar_drift > 0
           ? ", bar drifting " + format("%.1f cm", 100 * u.bar_drift) + " forward at the knee"
           : "") +
      (u.band_tension > 0 ? ", band " + format("%.0f N", u.band_tension) + " down at lockout"
                          : "") +
      (u.band_forward > 0 ? ", band " + format("%.0f N", u.band_forward) + " pulling forward" : "");
  // a load given as a percentage: of what
  const std::string load_text =
      format("%.0f kg", u.load) + (u.load_percent > 0 && std::isfinite(s.one_rep_max)
                                       ? format(" (%.0f%% of the ", u.load_percent) +
                                             format("%.1f kg", s.one_rep_max) + " one-rep max)"
                                       : "");
  const std::string where =
      (hold ? "" : ", bar " + cm_from_mid_foot(u.bar_offset)) +  // a hold is at lockout
      (u.stance_width > 0 ? ", stance " + format("%.2f m", u.stance_width) : "") +
      (u.foot_angle_deg > 0 ? ", feet out " + format("%.0f deg", u.foot_angle_deg) : "");
  const std::string spine = hold ? ""
                                 : ", lumbar flexion " + format("%.0f deg", u.lumbar_flexion_deg) +
                                       (u.lumbar_flexion_deg == 0 ? " (neutral)" : "");
  const std::string tissues =
      (u.iap_kpa > 0 ? ", IAP " + format("%.0f kPa", u.iap_kpa) : "") +
      (u.spine_model == "fascicles" ? ", muscle groups" : "") +
      (u.bracing > 0 ? ", bracing " + format("%.0f%%", 100 * u.bracing) +
                           (u.iap_kpa == 0 ? " (with the pressure it makes)" : "")
                     : "");
  // a filmed lift has no plan: what was filmed, and for how long
  const bool measured = !result.source.empty();
  if (measured) {
    out += "lift    " + u.name + ": " + format("%.0f kg", u.load) + ", " + result.source +
           format(" (%.2f s at ",
                  result.samples > 1 ? (result.samples - 1) / result.options.rate : 0.0) +
           format("%.0f frames/s)", result.options.rate) + tissues + "\n";
  } else {
    out += "setup   " + u.name + ": " + load_text + where + rule + spine + plan_choices + ", " +
           timing + tissues + "\n";
  }
  const bool ran_out = !s.completed;
  out += "result  " + std::string(ran_out ? "NOT COMPLETED - " : "") + s.status + "\n";
  if (bar_path_flagged(s)) {
    out += "note    the planned bar passes " + format("%.1f cm", 100 * s.bar_inside_legs.value) +
           " inside the legs' clearance at " + format("%.2f s", s.bar_inside_legs.time) +
           ": between the plan's\n        nodes the knees come forward (docs/model.md 5.2); a "
           "lifter's shins would push the bar\n        out, so the loads near then are "
           "approximate\n";
  }
  out += "\n";
  if (std::isnan(s.peak_moment.value)) {
    out += "L4-L5 peaks: none - nothing was lifted\n";
  } else {
    // one heading for each disc's peaks
    const std::string peaks = measured  ? " peaks in the clip          value      at\n"
                              : ran_out ? " peaks up to the failure     value      at\n"
                                        : " peaks                      value      at\n";
    out += "L4-L5" + peaks;
    auto row = [&](const char* name, const char* pattern, const Peak& peak, std::string note) {
      out += std::string(name) + format(pattern, peak.value) + format("   %5.2f s", peak.time);
      if (!note.empty()) out += "   " + note;
      out += "\n";
    };
    row("  moment (extension)        ", "%9.0f N*m", s.peak_moment, "");
    row("  compression               ", "%9.0f N  ", s.peak_compression,
        format("%.2fx the NIOSH action limit 3400 N",
               s.peak_compression.value / kNioshActionLimit) +
            (s.peak_compression.value > kNioshMaximumLimit ? ", above its 6400 N maximum" : ""));
    if (s.peak_compression.value > kNioshActionLimit) {
      // the limits are for repetitive work, not a verdict on one trained lift
      const std::string indent(54, ' ');  // under the note of the compression row
      out += indent + "(NIOSH's limits are guidance for repetitive occupational lifting;\n" +
             indent + " trained powerlifters reach about 17 kN, Cholewicki et al. 1991)\n";
    }
    row("  shear, anterior (L4 on L5) ", "%8.0f N  ", s.peak_anterior_shear,
        format("%.2fx the 1000 N occupational shear limit",
               s.peak_anterior_shear.value / kShearLimit));
    row("  shear, posterior           ", "%8.0f N  ", s.peak_posterior_shear, "");
    row("  extensor muscle force     ", "%9.0f N  ", s.peak_extensor_force, "");
    out += "  cumulative compression " +
           (std::isnan(s.cumulative_compression)
                ? std::string("- (not in this file: written before it was computed)")
                : format("%.1f kN*s", s.cumulative_compression / 1000) +
                      " (compression integrated over the pull: time under load)") +
           "\n";
    if (s.peak_moment.value >= 1.0) {  // a share of almost nothing says nothing
      out += "  at the peak moment: muscles " + format("%.0f%%", 100 * s.muscle_share_at_peak) +
             ", passive tissue " + format("%.0f%%", 100 * s.passive_share_at_peak) +
             ", abdominal pressure " + format("%.0f%%", 100 * s.iap_share_at_peak) + "\n";
    } else {
      out += "  no extension moment to share: the load and the upper body are over L4-L5\n";
    }
    out += "  least L4-L5 stiffness " + format("%.0f N*m/rad", s.min_stiffness.value) +
           format(" at %.2f s", s.min_stiffness.time) + " (muscles and passive tissue)\n";
    out += "  least stability " + format("%.0f N*m/rad", s.min_stability.value) +
           format(" at %.2f s", s.min_stability.time) + " (stiffness minus gravity's pull" +
           (s.min_stability.value < 0
                ? ";\n    below 0 the muscles' stiffness alone would not hold the upper body: it "
                  "needs active control;\n    bracing (spine_model = fascicles) raises it)\n"
                : ")\n");
    out +=
        "  largest muscle activation " + format("%.0f%%", 100 * s.peak_activation) +
        " (a group's force over its maximum at that instant's lumbar flexion)" +
        (s.peak_activation > 1 ? " - BEYOND the muscles' capacity: the moment is not theirs" : "") +
        "\n";
    if (std::isnan(s.peak_l5s1_moment.value)) {
      out += "\nL5-S1: not in this file (written before it was computed)\n";
    } else {
      out += "\nL5-S1" + peaks;
      row("  moment (extension)        ", "%9.0f N*m", s.peak_l5s1_moment,
          s.peak_moment.value >= 1.0
              ? format("%+.0f%% on L4-L5 (one vertebra lower, a longer lever)",
                       100 * (s.peak_l5s1_moment.value / s.peak_moment.value - 1))
              : "");
      row("  compression               ", "%9.0f N  ", s.peak_l5s1_compression, "");
      row("  shear, anterior (L5 on S1) ", "%8.0f N  ", s.peak_l5s1_anterior_shear,
          "the net load's part along the sloping disc, before any");
      out += std::string(54, ' ') +
             " muscle obliquity (not modelled here; L4-L5's row takes its\n" +
             std::string(54, ' ') + " extensor's 5 deg off); the facets carry much of it\n";
    }
  }
  // angles as a coach measures them: included angles, the trunk from the horizontal
  const auto& a = s.start_angles_deg;  // ankle, knee, hip, lumbar, shoulder, trunk
  // from the hang the start posture is the bottom the bar is lowered to
  const char* start = hang ? "at the bottom" : hold ? "in the hold" : "at the start";
  out += std::string("\n") +
         (hang   ? "bottom posture  "
          : hold ? "hold posture    "
                 : "start posture   ") +
         "trunk " + format("%.0f deg above horizontal", a[5]) + ", trunk-thigh angle " +
         format("%.0f deg", 180 - a[2] - a[3]) + " (hip flexion " + format("%.0f", a[2]) + ")" +
         ",\n                knee angle " + format("%.0f deg", 180 - a[1]) + " (flexion " +
         format("%.0f", a[1]) + "), ankle dorsiflexion " + format("%.0f deg", a[0]) +
         (u.stance_width > 0 ? " (legs as seen from the side)" : "") +
         ",\n                lumbar flexion " + format("%.0f deg", a[3]) +
         (std::abs(a[3]) < 0.5 ? " (neutral)"
          : a[3] > 0           ? " (rounded)"
                               : " (arched)") +
         (u.lockout_load == "chest"
              ? std::string(", upper arms along the trunk, forearms forward")
              : ", shoulder flexion " + format("%.0f deg", a[4]) + " (arm from the trunk line)") +
         "\n";
  const Vec2 lever = s.start_landmarks[6] - s.start_landmarks[3];
  out += std::string("lever ") + start + "   " + (u.lockout_load == "thighs" ? "bar " : "load ") +
         format("%.1f cm", 100 * lever.x()) + " ahead of L4-L5\n";
  out += std::string("centre of mass ") + start + "   " + cm_from_mid_foot(s.start_com_x) +
         (hold || measured ? ""
          : u.band_forward > 0.0 && u.posture == "balance"
              ? " (sitting back against the band: the centre of pressure is at the balance "
                "point)"
          : std::abs(s.start_com_x - u.balance_point) > 1e-6 && u.posture == "balance"
              ? " (shins on the bar: behind the balance point, " +
                    cm_from_mid_foot(u.balance_point) + ")"
              : "") +
         "\n";
  out += "centre of pressure   from " + cm_from_mid_foot(s.cop_min) + " to " +
         cm_from_mid_foot(s.cop_max) +
         (s.cop_inside_foot ? " (inside the foot)" : " (OUTSIDE the foot: the lifter would tip)") +
         "\n";
  // the events of the rise: when, and the bar's lever about L4-L5 and the trunk there
  auto event = [&](const char* name, double t, double lever, double trunk) {
    if (std::isnan(t)) return std::string(name) + " -";
    return std::string(name) + " " + format("%.2f s", t) + " (lever " +
           format("%.0f cm", 100 * lever) + ", trunk " + format("%.0f deg", trunk) + ")";
  };
  if (hold) {
    // say what the hold leaves out, so a heavy carry's numbers are not read as its limit
    out += (u.walking ? "walked for " + format("%.2f s", u.duration) +
                            " (the body rises and falls with each step; docs/model.md 5.11)"
                      : "held standing for " + format("%.2f s", u.duration)) +
           "\nnot modelled        grip (the load is limited only by the joints) and the frontal "
           "plane (a one-sided or swaying load's side bending)\n";
  } else {
    out += "events (lever: bar ahead of L4-L5; trunk above horizontal)\n  " +
           event(hang ? "up from the bottom" : "liftoff", s.liftoff_time, s.liftoff_lever,
                 s.liftoff_trunk_deg) +
           ", " + event("knee", s.knee_time, s.knee_lever, s.knee_trunk_deg) + ", " +
           event("lockout", s.lockout_time, s.lockout_lever, s.lockout_trunk_deg) + "\n";
  }
  if (!std::isnan(s.sticking_time)) {
    out += "sticking point at " + format("%.2f s", s.sticking_time) + ", bar " +
           bar_height_text(s) + ": strength held the pace to " +
           format("%.0f%%", 100.0 * s.slowest_tempo) + " of the plan's\n";
  }
  // each joint's demand (joint kTrunk is L4-L5): the hip against the lower back is a question
  // coaches ask (SCENARIOS 8), and the summary's one ratio does not say which joint it was
  if (const std::vector<double>& tau = result.channel(Channel::kTau);
      result.samples > 0 && tau.size() == result.samples * kNumJoints) {
    std::array<double, kNumJoints> largest{};
    for (std::size_t i = 0; i < result.samples; ++i) {
      for (int j = 0; j < kNumJoints; ++j) {
        largest[j] = std::max(largest[j], std::abs(tau[i * kNumJoints + j]));
      }
    }
    out += "largest joint torques";
    for (int j = 0; j < kNumJoints; ++j) {
      out += (j ? ", " : " ") + std::string(kJointNames[j]) + (j == kTrunk ? " (L4-L5)" : "") +
             format(" %.0f", largest[j]);
    }
    out += " N*m\n";
  }
  out += "largest joint torque " + format("%.0f%%", 100.0 * s.max_torque_ratio) + " of strength";
  if (!s.limiting_joint.empty()) {
    out += " (" + s.limiting_joint + " limit first bound at " + format("%.2f s", s.limit_time) +
           ")";
  }
  out += "\n";
  return out;
}

std::string one_rep_max_text(const OneRepMax& max) {
  const Result& r = max.at_max;
  if (max.load <= 0.0) {
    return "no load completes with this setup: " + max.above.status + "\n";
  }
  const Summary& s = r.summary;
  std::string out = "spineload " + std::string(version()) + "\n";
  out += "lifter  " + r.lifter.name + " (" + r.lifter.sex + ", " +
         format("%.2f m", r.lifter.height) + ", " + format("%.1f kg", r.lifter.mass) +
         ", strength x" + format("%.2g", r.lifter.strength) + ")\n";
  out += "setup   " + r.setup.name + "\n\n";
  out += "one-rep max " + format("%.1f kg", max.load) + " (" +
         format("%.2f", max.load / r.lifter.mass) + " x body mass), to within 0.5 kg, " +
         std::to_string(max.pulls) + " pulls simulated\n";
  // from the hang the clock starts at the top: the way down comes before the planned rise
  const bool hang = r.setup.motion == "from_hang";
  out += "at the max: lockout at " + format("%.2f s", s.lockout_time) + " (planned " +
         format("%.2f s", (hang ? r.setup.lowering_duration : 0.0) + r.setup.duration) +
         (hang ? format(": %.2f s down from the hang, ", r.setup.lowering_duration) +
                     format("%.2f s up", r.setup.duration)
               : "") +
         ")";
  if (!std::isnan(s.sticking_time)) {
    out += ", sticking point with the bar " + bar_height_text(s) + " (" +
           format("%.0f%%", 100 * s.slowest_tempo) + " of the planned tempo)";
  }
  out += "\n";
  if (!s.limiting_joint.empty()) out += "limited by the " + s.limiting_joint + "\n";
  out += "peaks at the max: moment " + format("%.0f N*m", s.peak_moment.value) +
         ", compression " + format("%.0f N", s.peak_compression.value) + ", anterior shear " +
         format("%.0f N", s.peak_anterior_shear.value) + "\n";
  out += format("%.1f kg: ", max.above_load) + max.above.status + "\n";
  return out;
}

namespace {
// A rep or week table as an array of row objects.
ordered_json table_json(const std::vector<RepColumn>& columns, std::size_t rows) {
  ordered_json out = ordered_json::array();
  for (std::size_t i = 0; i < rows; ++i) {
    ordered_json row;
    for (const RepColumn& c : columns) {
      switch (c.kind) {
        case RepColumn::Kind::kText:
          row[c.name] = c.texts[i];
          break;
        case RepColumn::Kind::kFlag:
          row[c.name] = c.numbers[i] != 0;
          break;
        case RepColumn::Kind::kNumber:
          row[c.name] = number(c.numbers[i]);
          break;
      }
    }
    out.push_back(std::move(row));
  }
  return out;
}
}  // namespace

std::string session_json(const SessionResult& result, int indent) {
  ordered_json out;
  out["status"] = result.status;
  out["completed"] = result.completed;
  out["reps_completed"] = result.reps_completed;
  out["one_rep_max"] = number(result.one_rep_max);
  out["duration"] = result.duration;
  out["lifft_damage"] = result.lifft_damage;
  out["lifft_risk"] = result.lifft_risk;
  out["lifter"] = fields_json(result.lifter);
  out["setup"] = fields_json(result.setup);
  out["session"] = fields_json(result.session);
  out["reps"] = table_json(rep_columns(result), result.reps.size());
  return out.dump(indent);
}

std::string program_json(const ProgramResult& result, int indent) {
  ordered_json out;
  out["status"] = result.status;
  out["completed"] = result.completed;
  out["weeks_completed"] = result.weeks_completed;
  out["one_rep_max"] = number(result.one_rep_max);
  out["lifter"] = fields_json(result.lifter);
  out["setup"] = fields_json(result.setup);
  out["session"] = fields_json(result.session);
  out["program"] = fields_json(result.program);
  out["weeks"] = table_json(week_columns(result), result.weeks.size());
  return out.dump(indent);
}

std::string one_rep_max_json(const OneRepMax& max, int indent) {
  ordered_json out;
  out["one_rep_max"] = max.load;
  out["pulls"] = max.pulls;
  out["at_max"] = max.load > 0 ? summary_object(max.at_max) : ordered_json(nullptr);
  out["first_failing_load"] = max.above_load;
  out["first_failing_status"] = max.above.status;
  out["version"] = version();
  return out.dump(indent);
}

std::string compare_json(const std::vector<Result>& results, int indent) {
  ordered_json rows = ordered_json::array();
  for (const Result& r : results) {
    ordered_json row = summary_object(r);
    if (!results.empty()) {
      const Summary& ref = results.front().summary;
      row["difference"] = {
          {"peak_moment", number(r.summary.peak_moment.value - ref.peak_moment.value)},
          {"peak_compression",
           number(r.summary.peak_compression.value - ref.peak_compression.value)},
          {"peak_anterior_shear",
           number(r.summary.peak_anterior_shear.value - ref.peak_anterior_shear.value)},
          {"peak_extensor_force",
           number(r.summary.peak_extensor_force.value - ref.peak_extensor_force.value)},
          {"min_stability", number(r.summary.min_stability.value - ref.min_stability.value)}};
    }
    rows.push_back(row);
  }
  return ordered_json{{"reference", results.empty() ? "" : results.front().setup.name},
                      {"rows", rows}}
      .dump(indent);
}

std::vector<CompareRow> compare_rows(const std::vector<Result>& results) {
  if (results.empty()) return {};
  const Summary& ref = results.front().summary;
  std::vector<CompareRow> rows = {{"setup", "completed", "moment N*m", "compression N",
                                   "anterior shear N", "extensor N", "least stability N*m/rad"}};
  for (const Result& r : results) {
    const Summary& s = r.summary;
    const bool first = &r == &results.front();
    // no percentages against or for a pull that did not complete: its peaks stop at the failure
    const bool comparable = s.completed && ref.completed;
    // a value, and its difference from the reference (never "-0"), with the percentage only
    // where it reads right: both pulls completed, and not for a signed index
    auto cell = [&](double value, double reference, bool with_percent = true) {
      if (std::isnan(value)) return std::string("-");  // nothing lifted: no load to show
      if (first || std::isnan(reference)) return format("%.0f", value) + (s.completed ? "" : "*");
      const double change = std::round(value - reference);
      std::string text = format("%.0f", value) + (s.completed ? "" : "*") + " (" +
                         format("%+.0f", change == 0.0 ? 0.0 : change);
      const std::string percent =
          with_percent && comparable ? percent_change(value, reference) : "";
      if (!percent.empty()) text += ", " + percent;  // none from a zero reference
      return text + ")";
    };
    rows.push_back({r.setup.name, s.completed ? "yes" : "NO",
                    cell(s.peak_moment.value, ref.peak_moment.value),
                    cell(s.peak_compression.value, ref.peak_compression.value),
                    cell(s.peak_anterior_shear.value, ref.peak_anterior_shear.value),
                    cell(s.peak_extensor_force.value, ref.peak_extensor_force.value),
                    cell(s.min_stability.value, ref.min_stability.value, false)});
  }
  return rows;
}

namespace {

// Rows of cells as text columns, each as wide as its widest cell and three spaces apart: the
// first `left` columns (names) left-aligned, the rest (numbers) right-aligned.
template <class Rows>
std::string aligned_columns(const Rows& rows, std::size_t left) {
  std::vector<std::size_t> width;
  for (const auto& row : rows) {
    width.resize(std::max(width.size(), std::size(row)), 0);
    for (std::size_t c = 0; c < std::size(row); ++c) width[c] = std::max(width[c], row[c].size());
  }
  std::string out;
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < std::size(row); ++c) {
      const std::string pad(width[c] - row[c].size(), ' ');
      out += c < left ? row[c] + pad : pad + row[c];
      out += c + 1 < std::size(row) ? "   " : "\n";
    }
  }
  return out;
}

}  // namespace

std::string compare_text(const std::vector<Result>& results) {
  if (results.empty()) return "";
  std::string out = "lifter " + results.front().lifter.name + "; differences are from " +
                    results.front().setup.name + "\n\n" + aligned_columns(compare_rows(results), 2);
  bool any_failed = false;
  for (const Result& r : results) {
    if (!r.summary.completed) {
      out += "\n" + r.setup.name + ": " + r.summary.status + "\n";
      any_failed = true;
    } else if (r.summary.status != "completed") {  // its lowering was dropped (model.md 5.7)
      out += "\n" + r.setup.name + ": " + r.summary.status + "\n";
    }
  }
  if (any_failed) {
    out +=
        "\n* did not complete: peaks up to the failure, differences without percentages;"
        " - nothing lifted\n";
  }
  // loads given as a percentage of each setup's own one-rep max differ from row to row: say
  // so, since the differences then mix the load with the technique
  const double first_load = results.front().setup.load;
  const bool loads_differ = std::any_of(results.begin(), results.end(), [&](const Result& r) {
    return std::abs(r.setup.load - first_load) > 1e-9;
  });
  if (loads_differ) {
    out += "\nloads:";
    for (const Result& r : results) {
      out += (&r == &results.front() ? " " : ", ") + r.setup.name + " " +
             format("%.1f kg", r.setup.load) +
             (r.setup.load_percent > 0 ? format(" (%.0f%%)", r.setup.load_percent) : "");
    }
    const bool percentages = std::any_of(results.begin(), results.end(),
                                         [](const Result& r) { return r.setup.load_percent > 0; });
    out +=
        std::string(percentages ? "; a percentage is of each setup's own one-rep max, so" : ";") +
        " the differences include the load's\n";
  }
  return out;
}

std::string analysis_text(const AnalysisReport& r) {
  std::string out = "read    " + r.path + " (" + r.format + ", " + std::to_string(r.frames) +
                    " frames at " + format("%.4g", r.fps) + "/s" +
                    (r.side.empty() || r.side == "mid" ? "" : ", " + r.side + " side") + ")\n";
  out += "scale   " + r.scale + "\n";
  out += "filter  " + format("%.3g Hz", r.cutoff) + " zero-lag Butterworth low-pass\n";
  out += "lumbar  " + r.lumbar + "\n";
  bool any_fit = false;
  std::string fit = "fit     RMS (largest) distance of the fitted chain from each point:";
  int on_line = 0;
  for (int l = 0; l < kNumLandmarkKinds; ++l) {
    if (std::isnan(r.rms_residual[l])) continue;
    any_fit = true;
    fit += (on_line++ % 3 == 0 ? "\n          " : ", ") + std::string(kLandmarkNames[l]) + " " +
           format("%.1f", 100 * r.rms_residual[l]) + format(" (%.1f) cm", 100 * r.max_residual[l]);
  }
  if (any_fit) out += fit + "\n";
  if (!std::isnan(r.video_length[0])) {
    out += "lengths video / model:";
    for (std::size_t s = 0; s < kMeasuredSegmentNames.size(); ++s) {
      out += (s ? ", " : " ") + std::string(kMeasuredSegmentNames[s]) + " " +
             format("%.0f", 100 * r.video_length[s]) +
             format(" / %.0f cm", 100 * r.model_length[s]);
    }
    out += "\n";
  }
  for (const std::string& note : r.notes) out += "note    " + note + "\n";
  return out;
}

namespace {

ordered_json analysis_object(const AnalysisReport& r) {
  ordered_json a;
  a["path"] = r.path;
  a["format"] = r.format;
  a["side"] = r.side;
  a["units"] = r.units;
  a["frames"] = r.frames;
  a["fps"] = r.fps;
  a["start_time"] = r.start_time;
  a["end_time"] = r.end_time;
  a["metres_per_unit"] = r.metres_per_unit;
  a["scale"] = r.scale;
  a["facing"] = r.facing;
  a["tilt_deg"] = r.tilt_deg;
  a["cutoff"] = r.cutoff;
  a["lumbar"] = r.lumbar;
  ordered_json rms = ordered_json::object(), largest = ordered_json::object();
  for (int l = 0; l < kNumLandmarkKinds; ++l) {
    if (std::isnan(r.rms_residual[l])) continue;
    rms[std::string(kLandmarkNames[l])] = r.rms_residual[l];
    largest[std::string(kLandmarkNames[l])] = r.max_residual[l];
  }
  a["rms_residual"] = rms;
  a["max_residual"] = largest;
  ordered_json video = ordered_json::object(), model = ordered_json::object();
  for (std::size_t s = 0; s < kMeasuredSegmentNames.size(); ++s) {
    video[std::string(kMeasuredSegmentNames[s])] = number(r.video_length[s]);
    model[std::string(kMeasuredSegmentNames[s])] = number(r.model_length[s]);
  }
  a["video_length"] = video;
  a["model_length"] = model;
  a["notes"] = r.notes;
  return a;
}

}  // namespace

std::string analysis_report_json(const AnalysisReport& r, int indent) {
  return analysis_object(r).dump(indent);
}

std::string analysis_json(const Result& result, const AnalysisReport& r, int indent) {
  ordered_json out = summary_object(result);
  out["analysis"] = analysis_object(r);
  return out.dump(indent);
}

namespace {

// The quantities a comparison with bands shows: the summary field, its heading and format.
struct BandColumn {
  const char* field;
  const char* heading;
};
constexpr std::array<BandColumn, 4> kBandColumns = {{{"peak_moment", "moment N*m"},
                                                     {"peak_compression", "compression N"},
                                                     {"peak_anterior_shear", "anterior shear N"},
                                                     {"min_stability", "least stability N*m/rad"}}};

const Band& band_named(const UncertainPull& pull, std::string_view field) {
  for (const Band& b : pull.bands) {
    if (b.field == field) return b;
  }
  throw std::logic_error("no band for " + std::string(field));
}

std::string uncertainty_line(const Uncertainty& u) {
  std::string out = std::to_string(u.samples) + " samples (seed " + std::to_string(u.seed) + ") of";
  for (std::size_t i = 0; i < u.inputs.size(); ++i) {
    const InputSpread& s = u.inputs[i];
    out += (i ? ", " : " ") + s.field + " ";
    if (s.sd > 0) {
      out += s.how == "scale" ? format("x(1 +- %.3g sd)", s.sd) : format("+- %.3g sd", s.sd);
    } else {
      out += s.how == "scale" ? format("x[%.3g, %.3g]", s.lo, s.hi)
                              : format("+[%.3g, %.3g]", s.lo, s.hi);
    }
  }
  return out;
}

}  // namespace

// A number of a band: whole units, or three significant digits where they are small.
std::string band_number(double v, bool sign) {
  if (!std::isfinite(v)) return "-";
  const bool small = std::abs(v) < 10 && v != 0;
  return format(small ? (sign ? "%+.3g" : "%.3g") : (sign ? "%+.0f" : "%.0f"), v);
}

BandTable compare_band_table(const std::vector<UncertainPull>& pulls, const Uncertainty& u) {
  BandTable table;
  if (pulls.empty()) return table;
  table.about = "uncertainty: " + uncertainty_line(u) + " (docs/model.md 9)";
  table.legend =
      "each cell: nominal [5% to 95% of the samples] (- : the nominal pull lifted "
      "nothing); below each setup, its difference from " +
      pulls.front().nominal.setup.name +
      " sample by sample (the same draws): 'differs' when that band excludes 0, "
      "given at least " +
      std::to_string(kMinSamplesForVerdict) + " samples, 90% of them with a value in both setups";
  std::vector<std::string> header = {"setup"};
  for (const BandColumn& c : kBandColumns) header.emplace_back(c.heading);
  table.rows.push_back(header);
  bool any_without_verdict = false;
  for (std::size_t i = 0; i < pulls.size(); ++i) {
    const UncertainPull& p = pulls[i];
    std::vector<std::string> row = {p.nominal.setup.name};
    for (const BandColumn& c : kBandColumns) {
      const Band& b = band_named(p, c.field);
      row.push_back(b.count == 0
                        ? "-"
                        : band_number(b.nominal, false) + " [" + band_number(b.p05, false) +
                              " to " + band_number(b.p95, false) + "]");
    }
    table.rows.push_back(row);
    if (i == 0) continue;
    std::vector<std::string> diff = {"  vs " + pulls.front().nominal.setup.name};
    for (const BandColumn& c : kBandColumns) {
      const Band d = difference_band(p, pulls.front(), c.field);
      if (d.count == 0) {
        diff.emplace_back("-");
        continue;
      }
      const std::string verdict = difference_verdict(d, p.samples);
      any_without_verdict = any_without_verdict || verdict.empty();
      diff.push_back(band_number(d.nominal, true) + " [" + band_number(d.p05, true) + " to " +
                     band_number(d.p95, true) + "] " +
                     (verdict.empty() ? "(" + std::to_string(d.count) + " samples)" : verdict));
    }
    table.rows.push_back(diff);
  }
  for (const UncertainPull& p : pulls) {
    table.notes.push_back(p.nominal.setup.name + ": " + std::to_string(p.completed) + " of " +
                          std::to_string(p.samples) + " samples completed, " +
                          std::to_string(p.failed) +
                          " failed (peaks up to the failure; none if nothing was lifted), " +
                          std::to_string(p.errors) + " had no start posture (left out)");
  }
  if (any_without_verdict) {
    table.notes.push_back(
        "(N samples): too few samples, or too many without a value in both setups, for a "
        "verdict");
  }
  return table;
}

std::string band_table_text(const BandTable& table) {
  if (table.rows.empty()) return "";
  std::string out =
      table.about + "\n" + table.legend + "\n\n" + aligned_columns(table.rows, 1) + "\n";
  for (const std::string& note : table.notes) out += note + "\n";
  return out;
}

std::string compare_bands_text(const std::vector<UncertainPull>& pulls, const Uncertainty& u) {
  return band_table_text(compare_band_table(pulls, u));
}

}  // namespace spineload
