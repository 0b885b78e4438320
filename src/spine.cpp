// Sharing the net L4-L5 load between tissues (docs/model.md, section 6).
#include "spineload/spine.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "detail/tables.hpp"

namespace spineload {

namespace {
constexpr double kDegToRad = std::numbers::pi / 180.0;
}  // namespace

SpineParameters spine_parameters(const Lifter& lifter) {
  const toml::table& table = detail::model_table("anthropometry/spine.toml");
  auto value = [&](std::string_view key) { return detail::table_number(table, key); };
  SpineParameters sp;
  sp.extensor_moment_arm =
      detail::or_table(lifter.extensor_moment_arm, value("extensor_moment_arm"));
  sp.extensor_angle =
      kDegToRad * detail::or_table(lifter.extensor_angle_deg, value("extensor_angle_deg"));
  sp.passive_moment_max = detail::or_table(
      lifter.passive_moment_max,
      value(lifter.sex == "male" ? "passive_moment_max_male" : "passive_moment_max_female"));
  sp.lumbar_flexion_range = kDegToRad * detail::or_table(lifter.lumbar_flexion_range_deg,
                                                         value("lumbar_flexion_range_deg"));
  sp.passive_stiffness_shape = value("passive_shape");
  sp.passive_moment_arm = detail::or_table(lifter.passive_moment_arm, value("passive_moment_arm"));
  sp.iap_moment_arm = detail::or_table(lifter.iap_moment_arm, value("iap_moment_arm"));
  sp.iap_area = detail::or_table(lifter.iap_area, value("iap_area"));
  return sp;
}

SpineInputs spine_inputs(const Setup& setup) { return {.iap_pa = setup.iap_kpa * 1000.0}; }

double passive_moment(const SpineParameters& spine, double lumbar_flexion) {
  if (lumbar_flexion <= 0.0) return 0.0;
  const double k = spine.passive_stiffness_shape;
  const double ratio = lumbar_flexion / spine.lumbar_flexion_range;
  return spine.passive_moment_max * std::expm1(k * ratio) / std::expm1(k);
}

L4L5Loads l4l5_loads(const SpineParameters& spine, const SpineInputs& inputs, double pelvis_angle,
                     double trunk_angle, const Vec2& net_force_W, double net_moment) {
  L4L5Loads out;
  out.moment = net_moment;
  out.force_W = net_force_W;
  const double flexion = pelvis_angle - trunk_angle;

  // the disc's mid-plane bisects the pelvis and trunk lines (eq. 6.1): compression axis e_c
  // points from L5 to L4, shear axis e_s points anterior
  out.disc_angle = 0.5 * (pelvis_angle + trunk_angle);
  const Vec2 e_c(std::cos(out.disc_angle), std::sin(out.disc_angle));
  const Vec2 e_s(e_c.y(), -e_c.x());

  // moment sharing (eq. 6.3): passive tissues and IAP first, the extensor carries the rest
  out.passive_moment = passive_moment(spine, flexion);
  out.iap_force = inputs.iap_pa * spine.iap_area;
  const double iap_moment = out.iap_force * spine.iap_moment_arm;
  out.extensor_force =
      std::max(0.0, (net_moment - out.passive_moment - iap_moment) / spine.extensor_moment_arm);
  const double passive_force = out.passive_moment / spine.passive_moment_arm;

  // the extensor's posterior obliquity fades to zero at full flexion (Macintosh et al. 1993)
  const double obliquity =
      spine.extensor_angle * std::clamp(1.0 - flexion / spine.lumbar_flexion_range, 0.0, 1.0);

  // disc force on L4 = net force minus what muscle, passive tissue and IAP carry (eq. 6.4)
  out.compression = net_force_W.dot(e_c) + out.extensor_force * std::cos(obliquity) +
                    passive_force - out.iap_force;
  out.shear = -net_force_W.dot(e_s) - out.extensor_force * std::sin(obliquity);
  return out;
}

}  // namespace spineload
