// What the lifter is: anthropometrics, strength, and the spine-model parameters that belong
// to the person. Plain inputs; make_model() turns them into a scaled Model.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "spineload/fields.hpp"

namespace spineload {

/// Inputs that describe one lifter. Every numeric field is SI unless its name says otherwise.
/// Segment-length ratios (fraction of stature) and spine parameters left at 0 take the
/// values of the published tables in models/anthropometry (docs/model.md, section 2).
struct Lifter {
  std::string name = "custom";
  std::string sex = "male";
  double height = 1.75;  // m, stature
  double mass = 75.0;    // kg, body mass
  double strength = 1.0; // multiplies the nominal joint strengths (models/anthropometry/strength.toml)
  double body_fat = 0.0; // fat / body mass; strength scales with the rest (0 = table)

  // segment-length overrides, fraction of stature (0 = table value)
  double foot_ratio = 0.0;   // heel to toe tip
  double shank_ratio = 0.0;  // ankle to knee
  double thigh_ratio = 0.0;  // knee to hip
  double torso_ratio = 0.0;  // hip to shoulder (pelvis + trunk; L4-L5 keeps its fraction)
  double arm_ratio = 0.0;    // shoulder to grip (upper arm + forearm + hand to its centre of mass)
  double l4l5_fraction = 0.0;  // L4-L5 position along hip->shoulder (0 = omphalion level)

  // spine model at L4-L5 (0 = published default, docs/model.md section 6)
  double extensor_moment_arm = 0.0;      // m, equivalent extensor, perpendicular to its line
  double extensor_angle_deg = 0.0;       // deg, line of action posterior to the compression axis
  double passive_moment_max = 0.0;       // N*m, passive extensor moment at full lumbar flexion
  double lumbar_flexion_range_deg = 0.0; // deg, full lumbar flexion from neutral
  double passive_moment_arm = 0.0;       // m, posterior ligaments/fascia
  double iap_moment_arm = 0.0;           // m, intra-abdominal pressure force, anterior of the disc
  double iap_area = 0.0;                 // m^2, effective diaphragm area for IAP

  bool operator==(const Lifter&) const = default;
};

inline constexpr std::array<std::string_view, 2> kSexChoices = {"male", "female"};

/// Visits every field of a Lifter: visitor(value&, const FieldInfo&).
/// How messages name this struct ("not a lifter field").
inline constexpr std::string_view input_name(const Lifter&) { return "lifter"; }

template <class L, class Visitor>
  requires std::is_same_v<std::remove_const_t<L>, Lifter>
void for_each_field(L& l, Visitor&& visit) {
  visit(l.name, FieldInfo{"name", "", 0, 0, "label carried into results"});
  visit(l.sex, FieldInfo{.name = "sex",
                         .doc = "selects the de Leva (1996) column",
                         .choices = kSexChoices,
                         .required = true});
  visit(l.height, FieldInfo{.name = "height",
                            .unit = "m",
                            .min = 1.2,
                            .max = 2.3,
                            .doc = "stature",
                            .required = true});
  visit(l.mass, FieldInfo{.name = "mass",
                          .unit = "kg",
                          .min = 30.0,
                          .max = 250.0,
                          .doc = "body mass",
                          .required = true});
  visit(l.strength, FieldInfo{"strength", "", 0.2, 5.0, "multiplier on nominal joint strengths"});
  visit(l.body_fat, FieldInfo{"body_fat", "", 0.03, 0.6,
                              "fat / body mass; strength scales with the fat-free rest", true});
  visit(l.foot_ratio, FieldInfo{"foot_ratio", "", 0.10, 0.20, "foot length / stature", true});
  visit(l.shank_ratio, FieldInfo{"shank_ratio", "", 0.18, 0.32, "shank length / stature", true});
  visit(l.thigh_ratio, FieldInfo{"thigh_ratio", "", 0.18, 0.32, "thigh length / stature", true});
  visit(l.torso_ratio, FieldInfo{"torso_ratio", "", 0.22, 0.42, "hip-to-shoulder / stature", true});
  visit(l.arm_ratio, FieldInfo{"arm_ratio", "", 0.28, 0.44, "shoulder-to-grip / stature", true});
  visit(l.l4l5_fraction, FieldInfo{"l4l5_fraction", "", 0.1, 0.5,
                                   "L4-L5 along hip->shoulder, from the hip", true});
  visit(l.extensor_moment_arm,
        FieldInfo{"extensor_moment_arm", "m", 0.03, 0.10,
                  "equivalent extensor moment arm (spine_model = equivalent)", true});
  visit(l.extensor_angle_deg,
        FieldInfo{"extensor_angle_deg", "deg", 0.0, 20.0,
                  "extensor line vs compression axis (spine_model = equivalent)", true});
  visit(l.passive_moment_max, FieldInfo{"passive_moment_max", "N*m", 10.0, 400.0,
                                        "passive moment at full lumbar flexion", true});
  visit(l.lumbar_flexion_range_deg,
        FieldInfo{"lumbar_flexion_range_deg", "deg", 20.0, 90.0, "full lumbar flexion", true});
  visit(l.passive_moment_arm,
        FieldInfo{"passive_moment_arm", "m", 0.02, 0.12, "passive tissue moment arm", true});
  visit(l.iap_moment_arm,
        FieldInfo{"iap_moment_arm", "m", 0.01, 0.15, "IAP force moment arm (anterior)", true});
  visit(l.iap_area, FieldInfo{"iap_area", "m^2", 0.01, 0.1, "diaphragm area for IAP", true});
}

}  // namespace spineload
