// What the lift is: load, where the bar starts, how the lifter sets up and how the pull goes.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <type_traits>

#include "spineload/fields.hpp"

namespace spineload {

/// Inputs that describe one pull (docs/model.md, sections 3 and 4). Angles in degrees at this
/// edge; everything else SI.
struct Setup {
  std::string name = "default";
  double load = 100.0;           // kg, bar plus plates
  double load_percent = 0.0;     // % of the one-rep max with this setup (0: use load)
  double bar_offset = 0.0;       // m, bar centre ahead of mid-foot at the start (+ anterior)
  double bar_height = 0.225;     // m, bar centre above the floor at the start (plate radius)
  double trunk_angle_deg = 30.0; // deg, trunk line (L4-L5 to shoulder) above horizontal
  double lumbar_flexion_deg = 0.0;  // deg, + = rounded
  // the stance (docs/model.md 2.4): a wide one (sumo) tilts the thighs out of the sagittal
  // plane, so the side view sees them shorter; turned-out feet are shorter from the side
  double stance_width = 0.0;     // m, between the ankle joint centres (0: under the hips)
  double foot_angle_deg = 0.0;   // deg, feet turned out from straight ahead
  double balance_point = -0.06;  // m, where lifter+bar centre of mass sits, ahead of mid-foot
  std::string posture = "balance";  // "balance", "shoulders", "arms_vertical" or "hinge"
  double shoulder_offset = 0.0;     // m, shoulders ahead of the bar at the start (shoulders, hinge)
  double duration = 2.0;         // s, floor to lockout
  double coordination = 0.0;     // + = knees extend first ("hips shoot up"), - = hips first
  double lockout_knee_deg = 2.0; // deg, knee flexion at the planned lockout
  double lockout_balance_point = -0.02;  // m, combined centre of mass at lockout, ahead of mid-foot
  double bar_drift = 0.0;        // m, bar forward of its path at knee height
  // "pull": from rest in the start posture (floor, blocks or rack) up to lockout; "from_hang":
  // standing at lockout, the bar is first lowered to the start posture (an RDL); "hold":
  // standing at lockout for `duration` (a carry, or a lockout hold)
  std::string motion = "pull";
  // where the load hangs at lockout: "thighs" (a bar resting on their front), "sides"
  // (handles beside the body, arms vertical, trunk upright: a farmer carry) or "chest" (held
  // in front, elbows at 90 deg, upper arms along the trunk: a front carry); the last two with
  // motion = "hold"
  std::string lockout_load = "thighs";
  // with motion = "hold": walking at a measured gait's vertical accelerations, not standing
  bool walking = false;
  bool lowering = false;         // also lower the bar back to the floor
  double lowering_duration = 2.0;  // s
  double band_tension = 0.0;     // N, band pulling the bar down at lockout (0 at the floor)
  // a band anchored in front, pulling the bar towards its anchor (the lats must hold it in)
  double band_forward = 0.0;          // N, its tension (constant: a long, pre-stretched band)
  double band_anchor_height = 0.225;  // m, its anchor above the floor
  double band_anchor_distance = 1.5;  // m, its anchor ahead of mid-foot
  double iap_kpa = 0.0;  // kPa, intra-abdominal pressure; 0 with bracing: the brace's own (6.11)
  std::string spine_model = "equivalent";  // "equivalent" extensor or lumbar muscle "fascicles"
  double bracing = 0.0;  // abdominal co-activation, 0 relaxed .. 1 maximal brace (fascicles),
                         // with the pressure it makes unless iap_kpa is set

  bool operator==(const Setup&) const = default;
};

inline constexpr std::array<std::string_view, 2> kSpineModelChoices = {"equivalent", "fascicles"};
inline constexpr std::array<std::string_view, 3> kMotionChoices = {"pull", "from_hang", "hold"};
inline constexpr std::array<std::string_view, 3> kLockoutLoadChoices = {"thighs", "sides", "chest"};
inline constexpr std::array<std::string_view, 4> kPostureChoices = {"balance", "shoulders",
                                                                    "arms_vertical", "hinge"};

/// Visits every field of a Setup: visitor(value&, const FieldInfo&).
/// How messages name this struct ("not a setup field").
inline constexpr std::string_view input_name(const Setup&) { return "setup"; }

/// A load written as a percentage ("80%", in TOML, on the command line or from Python) sets
/// load_percent; a load in kilograms clears it; every other value passes through (set_field
/// calls this first).
inline void translate_field(Setup& setup, std::string_view& name, FieldValue& value) {
  if (name != "load") return;
  const std::string* text = std::get_if<std::string>(&value);
  if (!text || text->empty() || text->back() != '%') {
    setup.load_percent = 0.0;  // a load in kilograms replaces a percentage given before
    return;
  }
  name = "load_percent";
  double percent = 0.0;
  try {
    percent = parse_decimal("load", std::string_view(*text).substr(0, text->size() - 1));
  } catch (const InputError&) {  // name what was written, not what is left without the '%'
    throw InputError("load", "\"" + *text + "\"",
                     "expected a number of kg, or a percentage of the one-rep max such as 80%");
  }
  // load_percent's 0 means "use load"; written as a percentage, 0% is a percentage out of range
  if (!(percent >= 1.0 && percent <= 120.0)) {
    throw InputError("load", *text, "a percentage of the one-rep max must be in [1, 120] %");
  }
  value = percent;
  setup.load = 0.0;  // the percentage decides
}

template <class S, class Visitor>
  requires std::is_same_v<std::remove_const_t<S>, Setup>
void for_each_field(S& s, Visitor&& visit) {
  visit(s.name, FieldInfo{"name", "", 0, 0, "label carried into results"});
  visit(s.load, FieldInfo{"load", "kg", 0.0, 600.0, "bar plus plates (or \"80%\" of the 1RM)"});
  visit(s.load_percent, FieldInfo{.name = "load_percent",
                                  .unit = "%",
                                  .min = 1.0,
                                  .max = 120.0,
                                  .doc = "load as % of the one-rep max with this setup",
                                  .zero_means_table = true,
                                  .zero_meaning = "use load"});
  visit(s.bar_offset, FieldInfo{"bar_offset", "m", -0.15, 0.40, "bar ahead of mid-foot"});
  visit(s.bar_height, FieldInfo{"bar_height", "m", 0.10, 0.80, "bar centre above floor"});
  visit(s.trunk_angle_deg,
        FieldInfo{"trunk_angle_deg", "deg", 0.0, 85.0, "trunk above horizontal at the start"});
  visit(s.lumbar_flexion_deg,
        FieldInfo{"lumbar_flexion_deg", "deg", -20.0, 80.0, "lumbar flexion at the start"});
  visit(s.stance_width, FieldInfo{.name = "stance_width",
                                  .unit = "m",
                                  .min = 0.15,
                                  .max = 1.2,
                                  .doc = "between the ankle joint centres; the knees over the "
                                         "ankles (a sumo stance: 0.70)",
                                  .zero_means_table = true,
                                  .zero_meaning = "each ankle under its hip"});
  visit(s.foot_angle_deg, FieldInfo{"foot_angle_deg", "deg", 0.0, 60.0,
                                    "feet turned out from straight ahead (sumo: 42)"});
  visit(s.balance_point,
        FieldInfo{"balance_point", "m", -0.10, 0.10, "combined centre of mass ahead of mid-foot"});
  visit(s.posture, FieldInfo{"posture", "", 0, 0,
                             "start rule: balance at trunk_angle_deg, shoulders at "
                             "shoulder_offset, arms_vertical, or hinge (an RDL: knees at "
                             "lockout_knee_deg all the way, shoulders at shoulder_offset)",
                             false, kPostureChoices});
  visit(s.shoulder_offset,
        FieldInfo{"shoulder_offset", "m", -0.25, 0.25,
                  "shoulders ahead of the bar at the start (posture = shoulders or hinge)"});
  visit(s.duration, FieldInfo{"duration", "s", 0.2, 20.0, "floor to lockout"});
  visit(s.coordination, FieldInfo{"coordination", "", -0.5, 1.0,
                                  "+ knees first (hips shoot up), - hips first (0 in a hinge)"});
  visit(s.lockout_knee_deg,
        FieldInfo{"lockout_knee_deg", "deg", 1.0, 30.0, "knee flexion at planned lockout"});
  visit(s.lockout_balance_point,
        FieldInfo{"lockout_balance_point", "m", -0.10, 0.10,
                  "combined centre of mass ahead of mid-foot at lockout (standing)"});
  visit(s.bar_drift, FieldInfo{"bar_drift", "m", 0.0, 0.25,
                               "bar forward of the legs at knee height (drifting away)"});
  visit(s.motion, FieldInfo{.name = "motion",
                            .doc = "pull: from rest in the start posture up; from_hang: standing, "
                                   "lowered to it first (an RDL); hold: standing at lockout "
                                   "for duration (a carry)",
                            .choices = kMotionChoices});
  visit(s.lockout_load, FieldInfo{.name = "lockout_load",
                                  .doc = "thighs: the bar rests on them at lockout; sides: "
                                         "handles beside the body, arms vertical; chest: held "
                                         "in front, elbows at 90 deg (sides and chest: "
                                         "motion = hold)",
                                  .choices = kLockoutLoadChoices});
  visit(s.walking, FieldInfo{"walking", "", 0, 0,
                             "walk with the held load (motion = hold): the body rises and "
                             "falls with each step (docs/model.md 5.11)"});
  visit(s.lowering, FieldInfo{"lowering", "", 0, 0, "lower the bar again after lockout"});
  visit(s.lowering_duration, FieldInfo{"lowering_duration", "s", 0.2, 20.0,
                                       "lockout to the start posture (also the descent from "
                                       "the hang)"});
  visit(s.band_tension, FieldInfo{"band_tension", "N", 0.0, 3000.0, "band force at lockout"});
  visit(s.band_forward, FieldInfo{"band_forward", "N", 0.0, 1000.0,
                                  "tension of a band anchored in front, pulling the bar towards "
                                  "its anchor"});
  visit(s.band_anchor_height,
        FieldInfo{"band_anchor_height", "m", 0.0, 2.5, "band_forward's anchor above the floor"});
  visit(s.band_anchor_distance, FieldInfo{"band_anchor_distance", "m", 0.5, 5.0,
                                          "band_forward's anchor ahead of mid-foot"});
  visit(s.iap_kpa, FieldInfo{"iap_kpa", "kPa", 0.0, 40.0,
                             "intra-abdominal pressure (0 with bracing: the pressure the brace "
                             "makes, docs/model.md 6.11)"});
  visit(s.spine_model, FieldInfo{.name = "spine_model",
                                 .doc = "L4-L5 tissues: one equivalent extensor, or the lumbar "
                                        "muscle groups (docs/model.md 6.5)",
                                 .choices = kSpineModelChoices});
  visit(s.bracing, FieldInfo{"bracing", "", 0.0, 1.0,
                             "abdominal co-activation, 0 relaxed .. 1 maximal brace, and the "
                             "pressure it makes (spine_model = fascicles)"});
}

}  // namespace spineload
