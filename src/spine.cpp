// Sharing the net L4-L5 load between tissues (docs/model.md, section 6).
#include "spineload/spine.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "detail/angles.hpp"
#include "detail/sin_cos.hpp"
#include "detail/tables.hpp"
#include "spineload/error.hpp"
#include "spineload/strength.hpp"

namespace spineload {

namespace {
using detail::kDegToRad;
// Pa: the most a brace's own pressure may reach, the top of the setup's iap_kpa range (eq. 6.11)
constexpr double kMaxBracePressure = 40e3;

std::array<double, kNumFlexionNodes> number_list(const toml::table& table, std::string_view key) {
  const toml::array* list = table[key].as_array();
  if (list == nullptr || list->size() != kNumFlexionNodes) {
    throw std::logic_error("models/spine/muscles.toml: " + std::string(key) + " needs " +
                           std::to_string(kNumFlexionNodes) + " numbers");
  }
  std::array<double, kNumFlexionNodes> out{};
  for (int k = 0; k < kNumFlexionNodes; ++k) out[k] = list->get(k)->value<double>().value();
  return out;
}

// Every number spine_parameters takes from models/anthropometry/spine.toml and
// models/spine/muscles.toml, read once (the TOML lookups cost more than the rest).
struct SpineTables {
  double extensor_moment_arm = 0, extensor_angle_deg = 0;
  double passive_moment_max_male = 0, passive_moment_max_female = 0;
  double lumbar_flexion_range_deg = 0, passive_shape = 0, passive_moment_arm = 0;
  double iap_moment_arm = 0, iap_area = 0;
  double l5s1_sacral_slope_deg = 0, l5s1_lordosis_deg = 0, l5s1_flexion_share = 0;
  double muscle_stiffness_q = 0, flexion_extension_ratio = 0;
  double abdominal_wall_height = 0, abdominal_reference_stature = 0;  // m
  // the muscle groups' table as written (muscles.toml), at its reference stature
  double reference_stature = 0;
  std::array<double, kNumFlexionNodes> flexion{}, lordosis_deg{};
  using Nodes = std::array<double, kNumFlexionNodes>;
  std::array<Nodes, kNumMuscleGroups> moment_arm{}, posterior_angle_deg{}, along_fraction{};
  MuscleArray cross_section_cm2{}, length{}, brace_activation{};
};

SpineTables read_spine_tables() {
  const toml::table& spine = detail::model_table("anthropometry/spine.toml");
  const toml::table& muscles = detail::model_table("spine/muscles.toml");
  auto value = [&](std::string_view key) { return detail::table_number(spine, key); };
  SpineTables t;
  t.extensor_moment_arm = value("extensor_moment_arm");
  t.extensor_angle_deg = value("extensor_angle_deg");
  t.passive_moment_max_male = value("passive_moment_max_male");
  t.passive_moment_max_female = value("passive_moment_max_female");
  t.lumbar_flexion_range_deg = value("lumbar_flexion_range_deg");
  t.passive_shape = value("passive_shape");
  t.passive_moment_arm = value("passive_moment_arm");
  t.iap_moment_arm = value("iap_moment_arm");
  t.iap_area = value("iap_area");
  t.l5s1_sacral_slope_deg = value("l5s1_sacral_slope_deg");
  t.l5s1_lordosis_deg = value("l5s1_lordosis_deg");
  t.l5s1_flexion_share = value("l5s1_flexion_share");
  t.muscle_stiffness_q = value("muscle_stiffness_q");
  t.flexion_extension_ratio = value("flexion_extension_ratio");
  t.abdominal_wall_height = value("abdominal_wall_height");
  t.abdominal_reference_stature = value("l5s1_reference_stature");
  t.reference_stature = detail::table_number(muscles, "reference_stature");
  t.flexion = number_list(muscles, "flexion");
  t.lordosis_deg = number_list(muscles, "lordosis_deg");
  const toml::table& brace = *spine["brace_activation"].as_table();
  for (int i = 0; i < kNumMuscleGroups; ++i) {
    const toml::table& group = *muscles[kMuscleGroupNames[i]].as_table();
    t.moment_arm[i] = number_list(group, "moment_arm");
    t.posterior_angle_deg[i] = number_list(group, "posterior_angle_deg");
    t.along_fraction[i] = number_list(group, "along_fraction");
    t.cross_section_cm2[i] = detail::table_number(group, "cross_section_cm2");
    t.length[i] = detail::table_number(group, "length");
    t.brace_activation[i] = detail::table_number(brace, kMuscleGroupNames[i]);
  }
  return t;
}

const SpineTables& spine_tables() {
  static const SpineTables tables = read_spine_tables();
  return tables;
}

// The lumbar muscle groups (eq. 6.5): the tabulated geometry scaled with stature; their
// maximum forces come from the lifter's strength in make_model().
MuscleParameters muscle_parameters(const Lifter& lifter, const SpineTables& t) {
  const double scale = lifter.height / t.reference_stature;
  MuscleParameters m;
  m.flexion = t.flexion;
  for (int k = 0; k < kNumFlexionNodes; ++k) m.lordosis[k] = kDegToRad * t.lordosis_deg[k];
  for (int i = 0; i < kNumMuscleGroups; ++i) {
    const auto& arm = t.moment_arm[i];
    const auto& angle = t.posterior_angle_deg[i];
    const auto& along = t.along_fraction[i];
    for (int k = 0; k < kNumFlexionNodes; ++k) {
      // the sagittal part of the pull, `angle` posterior of the compression axis, pulling L4
      // towards L5: its moment per newton is the moment arm times that part
      const double a = kDegToRad * angle[k];
      m.line[i][k] = {scale * arm[k] * along[k], -along[k] * std::cos(a), -along[k] * std::sin(a)};
    }
    m.cross_section[i] = 1e-4 * t.cross_section_cm2[i];
    m.length[i] = scale * t.length[i];
    m.brace_activation[i] = t.brace_activation[i];
  }
  m.stiffness_q = t.muscle_stiffness_q;
  m.flexion_extension_ratio = t.flexion_extension_ratio;
  return m;
}
}  // namespace

SpineParameters spine_parameters(const Lifter& lifter) {
  const SpineTables& t = spine_tables();
  SpineParameters sp;
  sp.extensor_moment_arm = detail::or_table(lifter.extensor_moment_arm, t.extensor_moment_arm);
  sp.extensor_angle = kDegToRad * detail::or_table(lifter.extensor_angle_deg, t.extensor_angle_deg);
  sp.passive_moment_max = detail::or_table(
      lifter.passive_moment_max,
      lifter.sex == "male" ? t.passive_moment_max_male : t.passive_moment_max_female);
  sp.lumbar_flexion_range =
      kDegToRad * detail::or_table(lifter.lumbar_flexion_range_deg, t.lumbar_flexion_range_deg);
  sp.passive_stiffness_shape = t.passive_shape;
  sp.passive_moment_arm = detail::or_table(lifter.passive_moment_arm, t.passive_moment_arm);
  sp.iap_moment_arm = detail::or_table(lifter.iap_moment_arm, t.iap_moment_arm);
  sp.iap_area = detail::or_table(lifter.iap_area, t.iap_area);
  sp.muscles = muscle_parameters(lifter, t);
  // the mid-plane of the L5-S1 disc: the sacral endplate's slope less half the disc's wedge
  sp.l5s1_disc_tilt = kDegToRad * (t.l5s1_sacral_slope_deg - 0.5 * t.l5s1_lordosis_deg);
  sp.l5s1_flexion_share = t.l5s1_flexion_share;
  sp.abdominal_wall_height =
      lifter.height / t.abdominal_reference_stature * t.abdominal_wall_height;
  double area = 0;  // the equivalent extensor's length: the extensor groups' mean
  for (int i = 0; i < kNumMuscleGroups; ++i) {
    if (sp.muscles.line[i][0].moment_arm > 0) {
      area += sp.muscles.cross_section[i];
      sp.extensor_length += sp.muscles.cross_section[i] * sp.muscles.length[i];
    }
  }
  sp.extensor_length /= area;
  return sp;
}

SpineInputs spine_inputs(const Setup& setup) {
  const bool fascicles = setup.spine_model == "fascicles";
  if (setup.bracing > 0 && !fascicles) {
    throw InputError("bracing", exact_number(setup.bracing),
                     "needs spine_model = fascicles: the equivalent model has one extensor and no "
                     "abdominal muscles to brace with (allowed there: 0)");
  }
  return {.iap_pa = setup.iap_kpa * 1000.0, .fascicles = fascicles, .bracing = setup.bracing};
}

double passive_moment(const SpineParameters& spine, double lumbar_flexion) {
  if (lumbar_flexion <= 0.0) return 0.0;
  const double k = spine.passive_stiffness_shape;
  const double ratio = lumbar_flexion / spine.lumbar_flexion_range;
  return spine.passive_moment_max * std::expm1(k * ratio) / std::expm1(k);
}

double passive_stiffness(const SpineParameters& spine, double lumbar_flexion) {
  if (lumbar_flexion <= 0.0) return 0.0;
  const double k = spine.passive_stiffness_shape;
  const double ratio = lumbar_flexion / spine.lumbar_flexion_range;
  return spine.passive_moment_max * k * std::exp(k * ratio) / std::expm1(k) /
         spine.lumbar_flexion_range;
}

namespace {
// The muscles' strength at lumbar flexion relative to neutral (strength.hpp's lumbar factor;
// 1 for parameters built without make_model(), whose shape is the default).
double flexed_strength(const SpineParameters& spine, double flexion) {
  return angle_factor(spine.lumbar_strength, flexion);
}

// The lumbar muscle groups share the muscle moment (eq. 6.6) and add their pulls to the disc
// (eq. 6.7), on the disc axes of eq. 6.1 turned by the table's lordosis.
void fascicle_loads(const SpineParameters& spine, const SpineInputs& inputs, double flexion,
                    const Vec2& net_force_W, double passive_force, L4L5Loads& out) {
  const MuscleParameters& m = spine.muscles;
  const MuscleGeometry geometry = muscle_geometry(m, flexion / spine.lumbar_flexion_range);
  out.disc_angle -= geometry.lordosis;  // tilted anteriorly: clockwise
  const auto [sin_disc, cos_disc] = detail::sin_cos(out.disc_angle);
  const Vec2 e_c(cos_disc, sin_disc);
  const Vec2 e_s(e_c.y(), -e_c.x());
  MuscleArray arm{}, floor{}, max_force{};
  // the extensors' maximum forces grow with flexion as lumbar extension strength does (5.3);
  // that curve is not the abdominals'
  const double stronger = flexed_strength(spine, flexion);
  for (int i = 0; i < kNumMuscleGroups; ++i) {
    arm[i] = geometry.line[i].moment_arm;
    floor[i] = inputs.bracing * m.brace_activation[i];
    max_force[i] = (arm[i] > 0 ? stronger : 1.0) * m.max_force[i];
  }
  // without an explicit pressure, a brace makes its own (eq. 6.11): the part of each abdominal
  // group's pull that runs round the trunk is the wall's hoop tension, which holds a pressure
  // p = (hoop force of one side) / (radius x height) in a cylinder of the diaphragm's area
  // (Laplace's law). p is linear in the groups' forces, so its extension moment joins each
  // group's own moment: the share is solved with those effective moment arms, and the
  // pressure follows from the forces it gives, unless it would pass kMaxBracePressure
  MuscleArray pressure_per_newton{};  // Pa per N of each group's force
  const bool own_pressure = inputs.iap_pa == 0 && inputs.bracing > 0 &&
                            spine.abdominal_wall_height > 0 && spine.iap_area > 0;
  MuscleArray effective_arm = arm;
  if (own_pressure) {
    const double radius = std::sqrt(spine.iap_area / std::numbers::pi);
    for (int i = 0; i < kNumMuscleGroups; ++i) {
      if (arm[i] >= 0) continue;
      const MuscleLine& line = geometry.line[i];
      const double round =
          1.0 - line.pull_compression * line.pull_compression - line.pull_shear * line.pull_shear;
      pressure_per_newton[i] =
          0.5 * std::sqrt(std::max(round, 0.0)) / (radius * spine.abdominal_wall_height);
      effective_arm[i] += pressure_per_newton[i] * spine.iap_area * spine.iap_moment_arm;
    }
  }
  MuscleShare share = share_muscle_moment(effective_arm, max_force, floor,
                                          out.moment - out.passive_moment - out.iap_moment);
  if (own_pressure) {
    double pressure = 0;
    for (int i = 0; i < kNumMuscleGroups; ++i) pressure += pressure_per_newton[i] * share.force[i];
    if (pressure > kMaxBracePressure) {  // held there: more pull no longer presses harder
      pressure = kMaxBracePressure;
      share = share_muscle_moment(
          arm, max_force, floor,
          out.moment - out.passive_moment - pressure * spine.iap_area * spine.iap_moment_arm);
    }
    out.iap_force = pressure * spine.iap_area;
    out.iap_moment = out.iap_force * spine.iap_moment_arm;
  }
  out.muscle_force = share.force;
  out.peak_activation = share.peak_activation;
  out.compression = net_force_W.dot(e_c) + passive_force - out.iap_force;
  out.shear = -net_force_W.dot(e_s);
  out.stiffness = passive_stiffness(spine, flexion);
  out.crossing_force_W = out.iap_force * e_c;
  out.crossing_moment = out.iap_moment;
  for (int i = 0; i < kNumMuscleGroups; ++i) {
    const double f = share.force[i];
    const MuscleLine& line = geometry.line[i];
    out.muscle_moment += arm[i] * f;
    if (arm[i] > 0) {
      out.extensor_force += f;
    } else {  // the abdominal groups run on to the pelvis, across L5-S1
      out.crossing_force_W += f * (line.pull_compression * e_c + line.pull_shear * e_s);
      out.crossing_moment += arm[i] * f;
    }
    out.compression -= f * line.pull_compression;
    out.shear += f * line.pull_shear;
    // a muscle's short-range stiffness k = q F / L acts at its moment arm (Bergmark 1989)
    out.stiffness += m.stiffness_q * f / m.length[i] * arm[i] * arm[i];
  }
}
}  // namespace

L4L5Loads l4l5_loads(const SpineParameters& spine, const SpineInputs& inputs, double pelvis_angle,
                     double trunk_angle, const Vec2& net_force_W, double net_moment) {
  L4L5Loads out;
  out.moment = net_moment;
  out.force_W = net_force_W;
  const double flexion = pelvis_angle - trunk_angle;

  // the disc's mid-plane bisects the pelvis and trunk lines (eq. 6.1): compression axis e_c
  // points from L5 to L4, shear axis e_s points anterior
  out.disc_angle = 0.5 * (pelvis_angle + trunk_angle);
  const auto [sin_disc, cos_disc] = detail::sin_cos(out.disc_angle);
  const Vec2 e_c(cos_disc, sin_disc);
  const Vec2 e_s(e_c.y(), -e_c.x());

  // moment sharing (eq. 6.3): passive tissues and IAP first, the muscles carry the rest
  out.passive_moment = passive_moment(spine, flexion);
  out.iap_force = inputs.iap_pa * spine.iap_area;
  out.iap_moment = out.iap_force * spine.iap_moment_arm;
  const double passive_force = out.passive_moment / spine.passive_moment_arm;
  if (inputs.fascicles) {
    fascicle_loads(spine, inputs, flexion, net_force_W, passive_force, out);
    return out;
  }
  out.extensor_force =
      std::max(0.0, (net_moment - out.passive_moment - out.iap_moment) / spine.extensor_moment_arm);
  out.muscle_moment = out.extensor_force * spine.extensor_moment_arm;
  out.stiffness = passive_stiffness(spine, flexion);
  if (spine.extensor_max_force > 0 && spine.extensor_length > 0) {  // built by make_model()
    out.peak_activation =
        out.extensor_force / (flexed_strength(spine, flexion) * spine.extensor_max_force);
    out.stiffness += spine.muscles.stiffness_q * out.extensor_force / spine.extensor_length *
                     spine.extensor_moment_arm * spine.extensor_moment_arm;
  }

  // the extensor's posterior obliquity fades to zero at full flexion (Macintosh et al. 1993)
  const double obliquity =
      spine.extensor_angle * std::clamp(1.0 - flexion / spine.lumbar_flexion_range, 0.0, 1.0);

  // disc force on L4 = net force minus what muscle, passive tissue and IAP carry (eq. 6.4)
  const auto [sin_oblique, cos_oblique] = detail::sin_cos(obliquity);
  out.crossing_force_W = out.iap_force * e_c;
  out.crossing_moment = out.iap_moment;
  out.compression =
      net_force_W.dot(e_c) + out.extensor_force * cos_oblique + passive_force - out.iap_force;
  out.shear = -net_force_W.dot(e_s) - out.extensor_force * sin_oblique;
  return out;
}

L5S1Loads l5s1_loads(const SpineParameters& spine, double pelvis_angle, double trunk_angle,
                     const Vec2& net_force_W, double net_moment, const L4L5Loads& l4l5,
                     const Vec2& l4l5_offset_W) {
  L5S1Loads out;
  out.moment = net_moment;
  out.force_W = net_force_W;
  const double flexion = pelvis_angle - trunk_angle;
  // the disc tilts forward of the pelvis line (lordosis); its mid-plane turns further by half
  // of the segment's share of the lumbar flexion
  out.disc_angle = pelvis_angle - spine.l5s1_disc_tilt - 0.5 * spine.l5s1_flexion_share * flexion;
  const auto [sin_disc, cos_disc] = detail::sin_cos(out.disc_angle);
  const Vec2 e_c(cos_disc, sin_disc);
  const Vec2 e_s(e_c.y(), -e_c.x());
  // what crosses both discs keeps its L4-L5 force; its moment about L5-S1 adds
  // (p_L4L5 - p_L5S1) x force to the one about L4-L5
  const Vec2& crossing = l4l5.crossing_force_W;
  const double crossing_moment =
      l4l5.crossing_moment + l4l5_offset_W.x() * crossing.y() - l4l5_offset_W.y() * crossing.x();
  // the passive moment of L4-L5 here too, its force along this disc's axis; one equivalent
  // extensor at the L4-L5 moment arm carries the rest, pulling L5 along the compression axis:
  // the muscles' obliquity at L5-S1 is not modelled, so the shear is the net load's part along
  // the disc less the crossing forces' (eq. 6.10)
  out.extensor_force = std::max(
      0.0, (net_moment - crossing_moment - l4l5.passive_moment) / spine.extensor_moment_arm);
  const Vec2 disc = net_force_W - crossing;  // + the extensor's and passive pulls along -e_c
  out.compression =
      disc.dot(e_c) + out.extensor_force + l4l5.passive_moment / spine.passive_moment_arm;
  out.shear = -disc.dot(e_s);
  return out;
}

}  // namespace spineload
