// Scaling the published tables to one lifter (docs/model.md, section 2).
#include "spineload/model.hpp"

#include <cmath>
#include <map>
#include <mutex>
#include <numbers>
#include <stdexcept>
#include <string>

#include "detail/angles.hpp"
#include "detail/embedded.hpp"
#include "detail/tables.hpp"
#include "spineload/error.hpp"
#include "spineload/setup.hpp"
#include "spineload/spine.hpp"

namespace spineload {
namespace detail {

const toml::table& model_table(std::string_view relative_path) {
  static const std::map<std::string, toml::table, std::less<>> tables = [] {
    std::map<std::string, toml::table, std::less<>> parsed;
    for (const auto& [path, text] : embedded_models()) {
      parsed.emplace(std::string(path), toml::parse(text, path));
    }
    return parsed;
  }();
  auto it = tables.find(relative_path);
  if (it == tables.end()) {
    throw std::logic_error("models/" + std::string(relative_path) + " was not embedded");
  }
  return it->second;
}

double table_number(const toml::table& table, std::string_view key) {
  if (auto value = table[key].value<double>()) return *value;
  throw std::logic_error("table key missing or not a number: " + std::string(key));
}

}  // namespace detail

namespace {

using detail::kDegToRad;

// One row of de Leva's Table 4 for the lifter's sex.
struct TableRow {
  double length_ratio;   // length / reference stature
  double mass_fraction;  // of body mass, one side
  double com_fraction;   // from the row's `from` landmark
  double radius;         // transverse-axis radius of gyration / length
  double long_radius;    // longitudinal-axis radius of gyration / length (0: not tabled)
};

TableRow table_row(const toml::table& sex_table, std::string_view name) {
  const toml::table* row = sex_table[name].as_table();
  if (!row) throw std::logic_error("de Leva table has no row " + std::string(name));
  const double stature = detail::table_number(sex_table, "reference_stature");
  return {detail::table_number(*row, "length") / stature,
          detail::table_number(*row, "mass_fraction"), detail::table_number(*row, "com_fraction"),
          detail::table_number(*row, "radius"),
          (*row)["longitudinal_radius"].value<double>().value_or(0.0)};
}

// Every number make_model takes from the tables for one sex, read once: looking them up in
// the parsed TOML cost more than all of make_model's arithmetic.
struct SexTables {
  TableRow head, trunk, lower, upper_arm, forearm, hand, thigh, shank, foot;
  double male_reference_mass = 0, male_reference_stature = 0;  // the thigh depth's subject
  double hip_to_shoulder_ratio = 0, ankle_height_ratio = 0, ankle_from_heel_fraction = 0;
  double hip_width_ratio = 0;
  double thigh_front_depth = 0, bar_radius = 0;               // m
  double l5s1_below_l4l5 = 0, l5s1_reference_stature = 0;     // m
  std::array<std::array<double, 2>, kNumJoints> range_deg{};  // joint ranges
  std::array<double, kNumJoints> strength_per_kg{};           // N*m/kg
  double body_fat = 0, reference_body_fat = 0;
  std::array<JointVelocityShape, kNumJoints> velocity_shape{};
  EccentricShape eccentric;
  std::array<JointAngleShape, kNumJoints> extension_angle_shape{};
};

SexTables read_sex_tables(const std::string& sex_name) {
  const toml::table& de_leva = detail::model_table("anthropometry/de_leva_1996.toml");
  const toml::table& geometry = detail::model_table("anthropometry/geometry.toml");
  const toml::table& strength = detail::model_table("anthropometry/strength.toml");
  const toml::table& spine = detail::model_table("anthropometry/spine.toml");
  const toml::table& sex = *de_leva[sex_name].as_table();
  SexTables t;
  t.head = table_row(sex, "head");
  t.trunk = table_row(sex, "trunk");
  t.lower = table_row(sex, "lower_trunk");
  t.upper_arm = table_row(sex, "upper_arm");
  t.forearm = table_row(sex, "forearm");
  t.hand = table_row(sex, "hand");
  t.thigh = table_row(sex, "thigh");
  t.shank = table_row(sex, "shank");
  t.foot = table_row(sex, "foot");
  const toml::table& male = *de_leva["male"].as_table();  // the depth was set for this subject
  t.male_reference_mass = detail::table_number(male, "reference_mass");
  t.male_reference_stature = detail::table_number(male, "reference_stature");
  t.hip_to_shoulder_ratio = detail::table_number(geometry, "hip_to_shoulder_ratio");
  t.ankle_height_ratio = detail::table_number(geometry, "ankle_height_ratio");
  t.ankle_from_heel_fraction = detail::table_number(geometry, "ankle_from_heel_fraction");
  t.hip_width_ratio = detail::table_number(geometry, "hip_width_ratio");
  t.thigh_front_depth = detail::table_number(geometry, "thigh_front_depth");
  t.bar_radius = detail::table_number(geometry, "bar_radius");
  t.l5s1_below_l4l5 = detail::table_number(spine, "l5s1_below_l4l5");
  t.l5s1_reference_stature = detail::table_number(spine, "l5s1_reference_stature");
  const toml::table& range = *geometry["range_deg"].as_table();
  const toml::table& per_kg = *strength["per_kg"].as_table();
  t.body_fat = detail::table_number(*strength["body_fat"].as_table(), sex_name);
  t.reference_body_fat = detail::table_number(strength, "reference_body_fat");
  const toml::table& velocity_shapes = *strength["velocity"][sex_name].as_table();
  const toml::table& eccentric = *strength["eccentric"].as_table();
  t.eccentric = {detail::table_number(eccentric, "gain"),
                 detail::table_number(eccentric, "half_speed")};
  if (!(t.eccentric.gain >= 0.0 && t.eccentric.half_speed > 0.0)) {
    throw std::logic_error("strength.toml [eccentric]: gain must be >= 0 and half_speed > 0");
  }
  const toml::table& angle_shapes = *strength["angle"][sex_name].as_table();
  for (int j = 0; j < kNumJoints; ++j) {
    const toml::array& limits = *range[kJointNames[j]].as_array();
    t.range_deg[j] = {limits[0].value<double>().value(), limits[1].value<double>().value()};
    t.strength_per_kg[j] = detail::table_number(per_kg, kJointNames[j]);
    // torque-velocity shape, where the tables give one (the shoulder has none)
    auto shape = [&](const std::string& key, double& c4, double& c5) {
      if (const toml::array* pair = velocity_shapes[key].as_array()) {
        c4 = pair->get(0)->value<double>().value();
        c5 = pair->get(1)->value<double>().value();
      }
    };
    JointVelocityShape& v = t.velocity_shape[j];
    shape(std::string(kJointNames[j]) + "_extension", v.extension_c4, v.extension_c5);
    shape(std::string(kJointNames[j]) + "_flexion", v.flexion_c4, v.flexion_c5);
    // torque-angle shape of the extension side, where the tables give one (else the default
    // shape: a factor of 1 at every angle)
    JointAngleShape& a = t.extension_angle_shape[j];
    const std::string key = std::string(kJointNames[j]) + "_extension";
    if (const toml::table* entry = angle_shapes[key].as_table()) {
      const toml::array& covered = *(*entry)["range_deg"].as_array();
      a.lo = covered[0].value<double>().value() * kDegToRad;
      a.hi = covered[1].value<double>().value() * kDegToRad;
      if (const toml::array* cosine = (*entry)["cosine"].as_array()) {
        a.width = cosine->get(0)->value<double>().value();
        a.peak = cosine->get(1)->value<double>().value();
      } else {
        a.slope = detail::table_number(*entry, "linear_per_deg") / kDegToRad;
      }
    }
  }
  return t;
}

// The tables of the lifter's sex (validated to be "male" or "female"); read on first use.
const SexTables& sex_tables(const std::string& sex) {
  static const SexTables male = read_sex_tables("male"), female = read_sex_tables("female");
  if (sex == "male") return male;
  if (sex == "female") return female;
  throw std::logic_error("no anthropometric tables for sex " + sex);
}

// A point mass distribution along one segment axis, for composing segments.
struct AxialBody {
  double mass = 0;
  double com = 0;      // m along the axis
  double inertia = 0;  // kg*m^2 about its own centre of mass
};

AxialBody combine(const AxialBody& a, const AxialBody& b) {
  AxialBody sum;
  sum.mass = a.mass + b.mass;
  sum.com = (a.mass * a.com + b.mass * b.com) / sum.mass;
  sum.inertia = a.inertia + a.mass * (a.com - sum.com) * (a.com - sum.com) + b.inertia +
                b.mass * (b.com - sum.com) * (b.com - sum.com);
  return sum;
}

// Removes part b from the composite a (the trunk minus its lower part).
AxialBody subtract(const AxialBody& a, const AxialBody& b) {
  AxialBody rest;
  rest.mass = a.mass - b.mass;
  rest.com = (a.mass * a.com - b.mass * b.com) / rest.mass;
  rest.inertia = a.inertia + a.mass * (a.com - rest.com) * (a.com - rest.com) - b.inertia -
                 b.mass * (b.com - rest.com) * (b.com - rest.com);
  return rest;
}

AxialBody axial(double mass, double com, double radius, double length) {
  return {mass, com, mass * (radius * length) * (radius * length)};
}

Segment make_segment(std::string name, std::string proximal, std::string distal, double length,
                     const AxialBody& body) {
  Segment s;
  s.name = std::move(name);
  s.proximal = std::move(proximal);
  s.distal = std::move(distal);
  s.length = length;
  s.mass = body.mass;
  s.com_along = body.com;
  s.com_perp = 0.0;
  s.inertia = body.inertia;
  return s;
}

// One part of an arm: its mass, centre of mass from its proximal end, radius of gyration over
// length and length.
struct ArmPart {
  double mass, com, radius, length;
};

// The arms of a chest hold (FoldedArms): in a frame at the shoulder with x forward and y up,
// the upper arm hangs straight down and the forearm and hand reach forward from the elbow;
// the grip is the hands' centre of mass.
FoldedArms fold_arms(const std::array<ArmPart, 3>& part) {
  const ArmPart &upper = part[0], &fore = part[1], &hand = part[2];
  const Vec2 elbow(0.0, -upper.length);
  const std::array<Vec2, 3> com = {Vec2(0.0, -upper.com), elbow + Vec2(fore.com, 0.0),
                                   elbow + Vec2(fore.length + hand.com, 0.0)};
  const Vec2 grip = com[2];
  double mass = 0;
  Vec2 weighted = Vec2::Zero();
  for (int i = 0; i < 3; ++i) {
    mass += part[i].mass;
    weighted += part[i].mass * com[i];
  }
  const Vec2 center = weighted / mass;
  double inertia = 0;  // about the centre of mass: each part's own, moved there
  for (int i = 0; i < 3; ++i) {
    const double own = part[i].radius * part[i].length;
    inertia += part[i].mass * (own * own + (com[i] - center).squaredNorm());
  }
  // the segment's axis points from the shoulder to the grip; anterior is its clockwise normal
  const Vec2 along = grip.normalized(), anterior(along.y(), -along.x());
  FoldedArms out;
  out.segment = make_segment("arm", "shoulder", "hand", grip.norm(), {mass, 0.0, inertia});
  out.segment.com_along = center.dot(along);
  out.segment.com_perp = center.dot(anterior);
  out.elbow = {elbow.dot(along), elbow.dot(anterior)};
  out.hang_angle = std::atan2(grip.y(), grip.x());
  return out;
}

// Mass-matrix constants of the chain in absolute angles, bar folded into the arm
// (docs/model.md, eq. 3.4).
void fill_dynamics_constants(Model& model) {
  std::array<double, kNumJoints> m{}, a{}, b{}, inertia{}, length{};
  for (int i = 0; i < kNumJoints; ++i) {
    const Segment& s = model.segments[i];
    m[i] = s.mass;
    a[i] = s.com_along;
    b[i] = -s.com_perp;  // counter-clockwise perpendicular
    inertia[i] = s.inertia;
    length[i] = s.length;
  }
  // the bar is a point mass at the distal end of the arm
  const double arm_mass = m[kArm] + model.bar_mass;
  const double a_arm = (m[kArm] * a[kArm] + model.bar_mass * length[kArm]) / arm_mass;
  const double b_arm = m[kArm] * b[kArm] / arm_mass;
  inertia[kArm] += m[kArm] * ((a[kArm] - a_arm) * (a[kArm] - a_arm) +
                              (b[kArm] - b_arm) * (b[kArm] - b_arm)) +
                   model.bar_mass * ((length[kArm] - a_arm) * (length[kArm] - a_arm) + b_arm * b_arm);
  m[kArm] = arm_mass;
  a[kArm] = a_arm;
  b[kArm] = b_arm;

  std::array<double, kNumJoints> mass_beyond{};  // mass distal to segment i
  for (int i = kNumJoints - 2; i >= 0; --i) mass_beyond[i] = mass_beyond[i + 1] + m[i + 1];

  for (int i = 0; i < kNumJoints; ++i) {
    model.mass_cos(i, i) = inertia[i] + m[i] * (a[i] * a[i] + b[i] * b[i]) +
                           length[i] * length[i] * mass_beyond[i];
    for (int j = i + 1; j < kNumJoints; ++j) {
      model.mass_cos(i, j) = length[i] * (m[j] * a[j] + length[j] * mass_beyond[j]);
      model.mass_sin(i, j) = length[i] * m[j] * b[j];
      model.mass_cos(j, i) = model.mass_cos(i, j);
      model.mass_sin(j, i) = -model.mass_sin(i, j);
    }
    model.gravity_cos[i] = model.gravity * (mass_beyond[i] * length[i] + m[i] * a[i]);
    model.gravity_sin[i] = -model.gravity * m[i] * b[i];
  }
}

}  // namespace

Model make_model(const Lifter& lifter) {
  validate_fields(lifter);

  const SexTables& tables = sex_tables(lifter.sex);
  const TableRow &head = tables.head, &trunk = tables.trunk, &lower = tables.lower,
                 &upper_arm = tables.upper_arm, &forearm = tables.forearm, &hand = tables.hand,
                 &thigh = tables.thigh, &shank = tables.shank, &foot = tables.foot;

  Model model;
  model.lifter = lifter;
  const double height = lifter.height;
  const double body_mass = lifter.mass;

  // lengths (m): de Leva's ratios to stature unless the lifter overrides them
  const double foot_length = height * detail::or_table(lifter.foot_ratio, foot.length_ratio);
  const double shank_length = height * detail::or_table(lifter.shank_ratio, shank.length_ratio);
  const double thigh_length = height * detail::or_table(lifter.thigh_ratio, thigh.length_ratio);
  // hip joint to shoulder joint from Winter's heights (0.818 H - 0.530 H); de Leva's trunk
  // (CERV-MIDH) reaches higher, to C7, above the shoulder joint (docs/model.md 2.3)
  const double table_torso_ratio = tables.hip_to_shoulder_ratio;
  const double torso_length = height * detail::or_table(lifter.torso_ratio, table_torso_ratio);
  const double torso_scale = torso_length / (height * table_torso_ratio);
  const double cerv_height = torso_scale * height * trunk.length_ratio;  // along the trunk axis
  const double table_arm_ratio = upper_arm.length_ratio + forearm.length_ratio +
                                 hand.com_fraction * hand.length_ratio;
  const double arm_scale = detail::or_table(lifter.arm_ratio, table_arm_ratio) / table_arm_ratio;
  // L4-L5 at the omphalion level of de Leva's trunk split unless overridden (docs/model.md 2.3)
  const double pelvis_length =
      lifter.l4l5_fraction != 0.0 ? lifter.l4l5_fraction * torso_length
                                  : torso_scale * height * lower.length_ratio;
  model.l4l5_fraction = pelvis_length / torso_length;
  const double trunk_length = torso_length - pelvis_length;
  const double head_length = height * head.length_ratio;

  // shank and thigh: both legs; de Leva measures the centre of mass from the proximal
  // (upper) end, our chain runs upward
  const double shank_mass = 2 * shank.mass_fraction * body_mass;
  model.segments[kShank] =
      make_segment("shank", "ankle", "knee", shank_length,
                   axial(shank_mass, (1 - shank.com_fraction) * shank_length, shank.radius,
                         shank_length));
  const double thigh_mass = 2 * thigh.mass_fraction * body_mass;
  model.segments[kThigh] =
      make_segment("thigh", "knee", "hip", thigh_length,
                   axial(thigh_mass, (1 - thigh.com_fraction) * thigh_length, thigh.radius,
                         thigh_length));

  // pelvis = de Leva's lower trunk (OMPH-MIDH), hip -> L4-L5
  const AxialBody pelvis = axial(lower.mass_fraction * body_mass,
                                 (1 - lower.com_fraction) * pelvis_length, lower.radius,
                                 pelvis_length);
  model.segments[kPelvis] = make_segment("pelvis", "hip", "l4l5", pelvis_length, pelvis);
  // L5-S1 one vertebra below L4-L5 on the pelvis line (scaled with stature, and never below the
  // pelvis's middle when L4-L5 is moved: the pelvis below it then keeps its centre of mass on
  // its segment, for de Leva's centres at 0.39 and 0.51 of the pelvis from the hip); the pelvis
  // above it has the segment's mass per length, and a radius of gyration the same fraction of
  // its length (assumption, docs/model.md 6.10)
  model.l5s1_below_l4l5 = std::min(height / tables.l5s1_reference_stature * tables.l5s1_below_l4l5,
                                   0.5 * pelvis_length);
  const double above_share = model.l5s1_below_l4l5 / pelvis_length;
  model.pelvis_above_l5s1 =
      make_segment("pelvis above L5-S1", "l5s1", "l4l5", model.l5s1_below_l4l5,
                   {above_share * pelvis.mass, 0.5 * model.l5s1_below_l4l5,
                    above_share * above_share * above_share * pelvis.inertia});

  // trunk segment, L4-L5 -> shoulder: whole trunk minus lower trunk, plus head and neck;
  // positions measured along the axis from L4-L5
  const AxialBody whole_trunk = axial(trunk.mass_fraction * body_mass,
                                      cerv_height * (1 - trunk.com_fraction) - pelvis_length,
                                      trunk.radius, cerv_height);
  const AxialBody lower_in_trunk_axis = {pelvis.mass, pelvis.com - pelvis_length, pelvis.inertia};
  const AxialBody upper_trunk = subtract(whole_trunk, lower_in_trunk_axis);
  const double cerv_above_l4l5 = cerv_height - pelvis_length;
  const AxialBody head_neck = axial(head.mass_fraction * body_mass,
                                    cerv_above_l4l5 + (1 - head.com_fraction) * head_length,
                                    head.radius, head_length);
  model.segments[kTrunk] =
      make_segment("trunk", "l4l5", "shoulder", trunk_length, combine(upper_trunk, head_neck));
  model.head = make_segment("head", "cervicale", "vertex", head_length,
                            {head_neck.mass, head_neck.com - cerv_above_l4l5, head_neck.inertia});

  // arm, shoulder -> grip at the hand's centre of mass: both arms, elbow locked
  const double ua_length = arm_scale * height * upper_arm.length_ratio;
  const double fa_length = arm_scale * height * forearm.length_ratio;
  const double hand_length = arm_scale * height * hand.length_ratio;
  AxialBody arm = axial(2 * upper_arm.mass_fraction * body_mass,
                        upper_arm.com_fraction * ua_length, upper_arm.radius, ua_length);
  arm = combine(arm, axial(2 * forearm.mass_fraction * body_mass,
                           ua_length + forearm.com_fraction * fa_length, forearm.radius,
                           fa_length));
  arm = combine(arm, axial(2 * hand.mass_fraction * body_mass,
                           ua_length + fa_length + hand.com_fraction * hand_length, hand.radius,
                           hand_length));
  const double arm_length = ua_length + fa_length + hand.com_fraction * hand_length;
  model.segments[kArm] = make_segment("arm", "shoulder", "hand", arm_length, arm);
  model.folded_arms = fold_arms(std::array<ArmPart, 3>{
      ArmPart{2 * upper_arm.mass_fraction * body_mass, upper_arm.com_fraction * ua_length,
              upper_arm.radius, ua_length},
      ArmPart{2 * forearm.mass_fraction * body_mass, forearm.com_fraction * fa_length,
              forearm.radius, fa_length},
      ArmPart{2 * hand.mass_fraction * body_mass, hand.com_fraction * hand_length, hand.radius,
              hand_length}});
  model.folded_arms.straight = model.segments[kArm];

  // feet: fixed on the floor, mid-foot at the origin
  const double ankle_height = height * tables.ankle_height_ratio;
  model.heel_x = -0.5 * foot_length;
  model.toe_x = 0.5 * foot_length;
  model.ankle = {model.heel_x + tables.ankle_from_heel_fraction * foot_length, ankle_height};
  // the bar on the thighs: soft tissue scaled like a cross-section, plus the bar radius
  const double reference_build =
      std::sqrt(tables.male_reference_mass / tables.male_reference_stature);
  model.thigh_clearance =
      tables.thigh_front_depth * std::sqrt(lifter.mass / lifter.height) / reference_build +
      tables.bar_radius;
  model.foot = make_segment("foot", "heel", "toe", foot_length,
                            axial(2 * foot.mass_fraction * body_mass,
                                  foot.com_fraction * foot_length, foot.radius, foot_length));
  // a static foot's centre-of-mass height never enters the loads; half the ankle height
  model.foot.com_perp = 0.5 * ankle_height;

  // the stance: ankles under the hips, feet straight ahead; with_stance sets another
  model.stance.hip_width = height * tables.hip_width_ratio;
  model.stance.thigh = model.segments[kThigh];
  if (!(thigh.long_radius > 0.0)) {
    throw std::logic_error("de_leva_1996.toml: the thigh needs its longitudinal_radius");
  }
  model.stance.thigh_long_inertia =
      thigh_mass * (thigh.long_radius * thigh_length) * (thigh.long_radius * thigh_length);
  model.stance.foot = model.foot;
  model.stance.heel_x = model.heel_x;
  model.stance.toe_x = model.toe_x;
  model.stance.ankle_x = model.ankle.x();

  model.body_mass = model.foot.mass;
  for (const Segment& s : model.segments) model.body_mass += s.mass;

  // joint ranges and strength; strength scales with fat-free mass, relative to the table's
  // reference body fat
  const double body_fat = detail::or_table(lifter.body_fat, tables.body_fat);
  const double lean_share = (1.0 - body_fat) / (1.0 - tables.reference_body_fat);
  for (int j = 0; j < kNumJoints; ++j) {
    model.q_min[j] = tables.range_deg[j][0] * kDegToRad;
    model.q_max[j] = tables.range_deg[j][1] * kDegToRad;
    model.torque_max[j] = tables.strength_per_kg[j] * body_mass * lean_share * lifter.strength;
  }
  model.velocity_shape = tables.velocity_shape;
  model.eccentric = tables.eccentric;
  model.extension_angle_shape = tables.extension_angle_shape;

  model.spine = spine_parameters(lifter);
  // one maximum stress per side: fully active at neutral, the extensor groups together make
  // the lifter's lumbar extension strength and the flexors that times the trunk's flexion /
  // extension strength ratio (eq. 6.6)
  MuscleParameters& muscles = model.spine.muscles;
  double extension = 0, flexion = 0;  // m^3: sum of cross-section x moment arm
  for (int i = 0; i < kNumMuscleGroups; ++i) {
    const double arm = muscles.line[i][0].moment_arm;
    (arm > 0 ? extension : flexion) += std::abs(arm) * muscles.cross_section[i];
  }
  const double extensor_stress = model.torque_max[kTrunk] / extension;  // Pa
  const double flexor_stress = muscles.flexion_extension_ratio * model.torque_max[kTrunk] / flexion;
  for (int i = 0; i < kNumMuscleGroups; ++i) {
    const bool extensor = muscles.line[i][0].moment_arm > 0;
    muscles.max_force[i] = muscles.cross_section[i] * (extensor ? extensor_stress : flexor_stress);
  }
  model.spine.extensor_max_force = model.torque_max[kTrunk] / model.spine.extensor_moment_arm;
  model.spine.lumbar_strength = model.extension_angle_shape[kTrunk];

  fill_dynamics_constants(model);
  return model;
}

Model with_arms_and_stance(const Model& model, bool folded, double width, double foot_angle) {
  if (!(width >= 0.0)) {
    throw InputError("stance_width", exact_number(width),
                     "allowed: 0 (each ankle under its hip) or a width in m");
  }
  // the setup field's range, in degrees (round-off of the conversion allowed)
  const FieldInfo foot_field = field_info(Setup{}, "foot_angle_deg");
  const double foot_deg = foot_angle / kDegToRad;
  if (!(foot_deg >= foot_field.min - 1e-9 && foot_deg <= foot_field.max + 1e-9)) {
    throw InputError("foot_angle_deg", exact_number(foot_deg), describe_range(foot_field));
  }
  Model out = model;
  out.segments[kArm] = folded ? model.folded_arms.segment : model.folded_arms.straight;
  out.arms_folded = folded;
  Stance& stance = out.stance;
  // each thigh spans the sideways distance between its knee, over the ankle, and its hip
  const double sideways = width > 0.0 ? 0.5 * std::abs(width - stance.hip_width) : 0.0;
  constexpr double kMaxTilt = std::numbers::pi / 3;  // rad: beyond, the thighs lie nearly flat
  if (sideways > std::sin(kMaxTilt) * stance.thigh.length) {
    const double widest = stance.hip_width + 2.0 * std::sin(kMaxTilt) * stance.thigh.length;
    throw InputError("stance_width", exact_number(width),
                     "allowed up to " + format_number(widest) +
                         " m for this lifter: wider, the thighs would tilt more than 60 deg out "
                         "of the sagittal plane (hips " +
                         format_number(stance.hip_width) + " m apart, thighs " +
                         format_number(stance.thigh.length) + " m long)");
  }
  stance.width = width;
  stance.foot_angle = foot_angle;
  stance.thigh_tilt = std::asin(sideways / stance.thigh.length);
  // the thigh seen from the side, and its inertia about the medio-lateral axis: transverse
  // share cos^2, longitudinal share sin^2 of the tilt (docs/model.md 2.4)
  const double c = std::cos(stance.thigh_tilt), s = std::sin(stance.thigh_tilt);
  Segment& thigh = out.segments[kThigh];
  thigh = stance.thigh;
  thigh.length *= c;
  thigh.com_along *= c;
  thigh.inertia = stance.thigh.inertia * c * c + stance.thigh_long_inertia * s * s;
  // a foot turned out is shorter from the side; mid-foot stays at the origin
  const double foot_scale = std::cos(foot_angle);
  out.foot = stance.foot;
  out.foot.length *= foot_scale;
  out.foot.com_along *= foot_scale;
  out.heel_x = stance.heel_x * foot_scale;
  out.toe_x = stance.toe_x * foot_scale;
  out.ankle.x() = stance.ankle_x * foot_scale;
  fill_dynamics_constants(out);
  return out;
}

Model with_folded_arms(const Model& model) {
  return with_arms_and_stance(model, true, model.stance.width, model.stance.foot_angle);
}

Model with_straight_arms(const Model& model) {
  return with_arms_and_stance(model, false, model.stance.width, model.stance.foot_angle);
}

Model with_stance(const Model& model, double width, double foot_angle) {
  return with_arms_and_stance(model, model.arms_folded, width, foot_angle);
}

void set_bar_mass(Model& model, double load_kg) {
  model.bar_mass = load_kg;
  fill_dynamics_constants(model);
}

Model make_model(const Lifter& lifter, double load_kg) {
  Setup checked;
  set_field(checked, "load", load_kg);  // the one range for a load: Setup's field list
  Model model = make_model(lifter);
  set_bar_mass(model, load_kg);
  return model;
}

}  // namespace spineload
