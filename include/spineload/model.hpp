// The scaled lifter and bar: everything that does not change while a pull is simulated.
#pragma once

#include <array>
#include <string>

#include <Eigen/Core>

#include "spineload/lifter.hpp"
#include "spineload/muscles.hpp"

namespace spineload {

using Vec2 = Eigen::Vector2d;
using Vec5 = Eigen::Matrix<double, 5, 1>;
using Mat5 = Eigen::Matrix<double, 5, 5>;

/// Moving segments, ordered from the floor up the chain; joint j is at the proximal end of
/// segment j (ankle, knee, hip, L4-L5, shoulder).
enum SegmentIndex : int { kShank = 0, kThigh = 1, kPelvis = 2, kTrunk = 3, kArm = 4 };
inline constexpr int kNumJoints = 5;
inline constexpr std::array<const char*, kNumJoints> kJointNames = {"ankle", "knee", "hip",
                                                                     "lumbar", "shoulder"};
/// Landmarks along the chain: ankle, knee, hip, l4l5, shoulder, hand (the grip = bar centre).
inline constexpr int kNumLandmarks = 6;

/// One rigid segment of the sagittal model, both body sides combined (docs/model.md, eq. 2.1).
struct Segment {
  std::string name;
  std::string proximal;  // landmark at the joint nearer the floor along the chain
  std::string distal;
  double mass = 0;       // kg
  double length = 0;     // m, proximal to distal landmark
  double com_along = 0;  // m, centre of mass along proximal->distal, from proximal
  double com_perp = 0;   // m, perpendicular, + anterior when the segment points up
  double inertia = 0;    // kg*m^2, about the centre of mass, sagittal-plane rotation
};

/// How a joint's extension strength changes with its angle (docs/model.md 5.3): the share
/// cos(width (theta - peak)) of the peak (Anderson et al. 2007's c2 in 1/rad and c3 in rad) or,
/// without a width, 1 + slope theta (1/rad); theta (anatomical, rad) held inside the measured
/// range [lo, hi], so a curve is never extrapolated. The defaults give 1 everywhere.
struct JointAngleShape {
  double width = 0, peak = 0;  // 1/rad, rad
  double slope = 0;            // 1/rad, used when width = 0
  double lo = 0, hi = 0;       // rad, the range the data cover
};

/// Spine-model parameters at L4-L5 with published defaults resolved (docs/model.md, sec. 6).
struct SpineParameters {
  double extensor_moment_arm = 0;   // m
  double extensor_angle = 0;        // rad
  double passive_moment_max = 0;    // N*m
  double lumbar_flexion_range = 0;  // rad
  double passive_stiffness_shape = 0;  // dimensionless exponent of the passive curve
  double passive_moment_arm = 0;    // m
  double iap_moment_arm = 0;        // m
  double iap_area = 0;              // m^2
  // L5-S1 (eq. 6.10): its disc's tilt forward of the pelvis line in upright standing, and the
  // share of lumbar flexion its segment takes
  double l5s1_disc_tilt = 0;        // rad
  double l5s1_flexion_share = 0;    // 0..1
  // the abdominal wall's height over which a brace's hoop tension holds the pressure (eq. 6.11)
  double abdominal_wall_height = 0;  // m
  MuscleParameters muscles;         // the lumbar muscle groups (spine_model = fascicles)
  // the equivalent extensor's share of those: its length (the extensor groups' mean) and its
  // force at the lifter's lumbar strength, for its stiffness and activation
  double extensor_length = 0;     // m
  double extensor_max_force = 0;  // N at neutral, set by make_model()
  // how lumbar extension strength grows with flexion (strength.hpp): the muscles' maximum
  // forces follow it, so their activation measures against the strength the pull is held to
  JointAngleShape lumbar_strength;
};

/// Torque-velocity parameters of one joint (Anderson et al. 2007's c4, c5 in rad/s; 0 = none).
struct JointVelocityShape {
  double extension_c4 = 0, extension_c5 = 0;
  double flexion_c4 = 0, flexion_c5 = 0;
};

/// The eccentric side of every joint that has a torque-velocity shape: yielding at |w| rad/s,
/// it holds 1 + gain |w| / (|w| + half_speed) of its isometric torque (strength.hpp).
struct EccentricShape {
  double gain = 0;        // the plateau's excess over isometric (0.3: 1.3 x)
  double half_speed = 1;  // rad/s of yielding at which half the gain is reached
};

/// Both arms with the elbows bent at 90 deg, the upper arms hanging along the trunk and the
/// forearms forward: a load held in front at the chest (lockout_load = "chest", docs/model.md
/// 5.2). As one rigid segment from the shoulder to the grip (the hands' centre of mass), with
/// its centre of mass off that line; it replaces the straight arm for such a hold.
struct FoldedArms {
  Segment segment;
  Segment straight;       // the straight arm it replaces (with_straight_arms puts it back)
  Vec2 elbow{0, 0};       // m, along and anterior of the segment's line, from the shoulder
  double hang_angle = 0;  // rad, the segment's absolute angle with the upper arm vertical
};

/// How wide the feet stand and how far they turn out, and the legs and feet as the side view
/// then sees them (docs/model.md 2.4). The knees stay over the ankles (shins vertical seen from
/// the front), so each thigh spans the sideways distance between ankle and hip joint centre and
/// moves in a plane tilted out of the sagittal one: seen from the side it is its length times
/// the cosine of that tilt, and it rotates about the medio-lateral axis with the inertia of its
/// tilted body. A foot turned out is shorter from the side by the cosine of its angle.
struct Stance {
  double width = 0;       // m, between the ankle joint centres; 0: each ankle under its hip
  double foot_angle = 0;  // rad, the feet turned out from straight ahead
  double hip_width = 0;   // m, between the hip joint centres (make_model)
  double thigh_tilt = 0;  // rad, the thighs out of the sagittal plane (0 at width 0)
  // as make_model built them, before any stance: what with_stance projects
  Segment thigh, foot;
  double thigh_long_inertia = 0;              // kg*m^2, both thighs about their long axes
  double heel_x = 0, toe_x = 0, ankle_x = 0;  // m
};

/// Scaled model of one lifter holding one bar. Built once per lifter by make_model(); the bar
/// is a point mass at the hand whose mass set_bar_mass() changes without rebuilding the body
/// (a sweep over loads keeps one Model per lifter). Algorithms never change it: any number of
/// simulations (and threads) may share one Model, each with its own Data.
struct Model {
  Lifter lifter;                          // the inputs it was built from
  std::array<Segment, kNumJoints> segments;
  Segment foot;                           // fixed to the floor; proximal = heel, distal = toe
  Segment head;                           // part of the trunk segment, listed for reference
  FoldedArms folded_arms;                 // the arms of a chest hold (with_folded_arms)
  bool arms_folded = false;               // segments[kArm] is folded_arms.segment
  Stance stance;                          // the legs and feet seen from the side (with_stance)
  // L5-S1 (docs/model.md 6.10): the disc centre this far below L4-L5 on the pelvis line, and the
  // part of the pelvis segment above it (proximal = L5-S1), which L5-S1 carries besides L4-L5
  double l5s1_below_l4l5 = 0;  // m
  Segment pelvis_above_l5s1;
  double bar_mass = 0;                    // kg, point mass at the hand; set_bar_mass()
  double gravity = 9.81;                  // m/s^2
  Vec2 ankle{0, 0};                       // m, ankle joint centre (fixed)
  double heel_x = 0, toe_x = 0;           // m, ends of the foot on the floor
  double l4l5_fraction = 0;               // L4-L5 position as fraction of hip->shoulder
  double thigh_clearance = 0;  // m, bar centre ahead of the knee-hip line when on the thighs
  double body_mass = 0;                   // kg, all segments including the feet
  Vec5 q_min = Vec5::Zero(), q_max = Vec5::Zero();  // rad, anatomical joint ranges
  Vec5 torque_max = Vec5::Zero();                   // N*m, isometric strength at the best angle
  std::array<JointVelocityShape, kNumJoints> velocity_shape{};  // strength.hpp
  EccentricShape eccentric;                                     // strength.hpp
  std::array<JointAngleShape, kNumJoints> extension_angle_shape{};  // strength.hpp
  SpineParameters spine;

  // constants of the mass matrix in absolute angles (docs/model.md, eq. 3.4), with the bar
  // folded into the arm; filled by make_model() and set_bar_mass()
  Mat5 mass_cos = Mat5::Zero();  // A_ij
  Mat5 mass_sin = Mat5::Zero();  // B_ij
  Vec5 gravity_cos = Vec5::Zero(), gravity_sin = Vec5::Zero();
};

/// Builds the scaled model of a lifter (no bar: bar_mass 0). Validates the lifter (InputError
/// on a bad field). Tables: models/anthropometry (embedded at build time).
Model make_model(const Lifter& lifter);

/// Puts a bar of `load_kg` (bar plus plates) in the hands: updates bar_mass and the dynamics
/// constants, O(n^2) arithmetic and no allocation. The load is a Setup field, checked there.
void set_bar_mass(Model& model, double load_kg);

/// make_model(lifter) then set_bar_mass(load_kg), with the load checked against Setup's range.
Model make_model(const Lifter& lifter, double load_kg);

/// The same model with the arms folded to hold the load at the chest (FoldedArms): the arm
/// segment replaced, the dynamics constants refilled.
Model with_folded_arms(const Model& model);

/// The same model with the straight arms back (the inverse of with_folded_arms).
Model with_straight_arms(const Model& model);

/// The same model standing with the ankle joint centres `width` m apart (0: under the hips)
/// and the feet turned out `foot_angle` rad (Stance): the thighs and feet seen from the side,
/// the dynamics constants refilled. InputError (stance_width) where the thighs would tilt more
/// than 60 deg out of the sagittal plane.
Model with_stance(const Model& model, double width, double foot_angle);

/// The same model with the folded (a chest hold) or straight arms and in the stance `width`,
/// `foot_angle` (as with_stance): the one copy and refill the three functions above make.
Model with_arms_and_stance(const Model& model, bool folded, double width, double foot_angle);

/// The first joint whose angle in q lies outside its anatomical range (with 1e-9 rad of
/// round-off allowed; a NaN angle is outside), or -1 if every joint is inside.
inline int joint_out_of_range(const Model& model, const Vec5& q) {
  constexpr double kMargin = 1e-9;  // rad
  for (int j = 0; j < kNumJoints; ++j) {
    if (!(q[j] >= model.q_min[j] - kMargin && q[j] <= model.q_max[j] + kMargin)) return j;
  }
  return -1;
}

/// Weight of lifter (feet included) and bar, N.
inline double total_weight(const Model& model) {
  return model.gravity * (model.body_mass + model.bar_mass);
}

/// Absolute segment angles from joint angles: phi = c + S q (docs/model.md, eq. 3.1).
/// Anatomical joint signs: s = (-1, +1, -1, -1, +1) for (ankle, knee, hip, lumbar, shoulder).
inline constexpr std::array<double, kNumJoints> kJointSign = {-1, +1, -1, -1, +1};

}  // namespace spineload
