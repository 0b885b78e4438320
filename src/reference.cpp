// The planned pull (docs/model.md, section 5).
#include "spineload/reference.hpp"

#include <cmath>
#include <numbers>

#include <Eigen/LU>

#include "detail/chain_ik.hpp"
#include "spineload/error.hpp"
#include "spineload/kinematics.hpp"

namespace spineload {

namespace {

constexpr double kDeg = std::numbers::pi / 180.0;
constexpr int kPlanChecks = 64;  // instants of the plan checked for reach and joint range

inline Vec2 perp(double angle) { return {-std::sin(angle), std::cos(angle)}; }

// Trunk-angle timing: w(s) = s - 2 c s (1 - s); c > 0 holds the trunk down while the knees
// extend ("hips shoot up"), c < 0 raises it early (eq. 5.2).
inline void trunk_warp(double c, double s, double& w, double& dw, double& ddw) {
  w = s - 2.0 * c * s * (1.0 - s);
  dw = 1.0 - 2.0 * c * (1.0 - 2.0 * s);
  ddw = 4.0 * c;
}

// Posture variables and their first two derivatives with respect to progress s.
struct PathPoint {
  detail::PostureVariables v, v_s, v_ss;
};

PathPoint path_point(const ReferenceMotion& plan, double s) {
  PathPoint p;
  double w, dw, ddw;
  trunk_warp(plan.coordination, s, w, dw, ddw);
  const double bar_rise = plan.bar_y[1] - plan.bar_y[0];
  const double trunk_rise = plan.trunk[1] - plan.trunk[0];
  const double lumbar_change = plan.lumbar[1] - plan.lumbar[0];
  const double arm_change = plan.arm[1] - plan.arm[0];
  p.v = {{plan.bar_x, plan.bar_y[0] + s * bar_rise}, plan.trunk[0] + w * trunk_rise,
         plan.lumbar[0] + s * lumbar_change, plan.arm[0] + s * arm_change};
  p.v_s = {{0.0, bar_rise}, dw * trunk_rise, lumbar_change, arm_change};
  p.v_ss = {{0.0, 0.0}, ddw * trunk_rise, 0.0, 0.0};
  return p;
}

// Joint angles and their s-derivatives along the path: differentiates the closed-form
// placement (eq. 4.1-4.3) analytically; the leg's 2x2 Jacobian is regular while the knee is
// bent, which the lockout knee angle guarantees.
bool path_joints(const ReferenceMotion& plan, double s, Vec5& q, Vec5& q_s, Vec5& q_ss) {
  const PathPoint p = path_point(plan, s);
  Vec5 phi;
  if (!detail::chain_angles(plan.length, plan.ankle, p.v, phi)) return false;

  const double pelvis = p.v.trunk + p.v.lumbar;
  const double pelvis_s = p.v_s.trunk + p.v_s.lumbar;
  const double pelvis_ss = p.v_ss.trunk + p.v_ss.lumbar;
  // hip velocity and acceleration along the path: H = bar - L4 u(arm) - L3 u(trunk) - L2 u(pelvis)
  auto term_s = [](double l, double a, double a_s) -> Vec2 { return l * a_s * perp(a); };
  auto term_ss = [](double l, double a, double a_s, double a_ss) -> Vec2 {
    return l * (a_ss * perp(a) - a_s * a_s * detail::unit(a));
  };
  const Vec2 hip_s = p.v_s.bar - term_s(plan.length[kArm], p.v.arm, p.v_s.arm) -
                     term_s(plan.length[kTrunk], p.v.trunk, p.v_s.trunk) -
                     term_s(plan.length[kPelvis], pelvis, pelvis_s);
  const Vec2 hip_ss = p.v_ss.bar - term_ss(plan.length[kArm], p.v.arm, p.v_s.arm, p.v_ss.arm) -
                      term_ss(plan.length[kTrunk], p.v.trunk, p.v_s.trunk, p.v_ss.trunk) -
                      term_ss(plan.length[kPelvis], pelvis, pelvis_s, pelvis_ss);
  // legs: L0 u(phi0) + L1 u(phi1) = H - ankle; differentiate twice
  Eigen::Matrix2d jacobian;
  jacobian.col(0) = plan.length[kShank] * perp(phi[kShank]);
  jacobian.col(1) = plan.length[kThigh] * perp(phi[kThigh]);
  const Eigen::Vector2d leg_s = jacobian.inverse() * hip_s;
  const Vec2 centripetal = plan.length[kShank] * leg_s[0] * leg_s[0] * detail::unit(phi[kShank]) +
                           plan.length[kThigh] * leg_s[1] * leg_s[1] * detail::unit(phi[kThigh]);
  const Eigen::Vector2d leg_ss = jacobian.inverse() * (hip_ss + centripetal);

  Vec5 phi_s, phi_ss;
  phi_s << leg_s[0], leg_s[1], pelvis_s, p.v_s.trunk, p.v_s.arm;
  phi_ss << leg_ss[0], leg_ss[1], pelvis_ss, p.v_ss.trunk, p.v_ss.arm;
  q = joint_angles(phi);
  // joint_angles is affine in phi; its linear part maps the derivatives
  const Vec5 offset = joint_angles(Vec5::Zero());
  q_s = joint_angles(phi_s) - offset;
  q_ss = joint_angles(phi_ss) - offset;
  return true;
}

}  // namespace

void minimum_jerk(double tau, double& s, double& ds, double& dds) {
  if (tau <= 0.0) {
    s = ds = dds = 0.0;
    return;
  }
  if (tau >= 1.0) {
    s = 1.0;
    ds = dds = 0.0;
    return;
  }
  const double t2 = tau * tau, t3 = t2 * tau;
  s = t3 * (10.0 - 15.0 * tau + 6.0 * t2);
  ds = 30.0 * t2 * (1.0 - 2.0 * tau + t2);
  dds = 60.0 * tau * (1.0 - 3.0 * tau + 2.0 * t2);
}

ReferenceMotion make_reference(const Model& model, const Setup& setup) {
  ReferenceMotion plan;
  plan.start = solve_start_posture(model, setup);
  plan.lockout = solve_lockout_posture(model, setup);
  plan.bar_x = setup.bar_offset;
  plan.duration = setup.duration;
  plan.coordination = setup.coordination;
  plan.lowering = setup.lowering;
  plan.lowering_duration = setup.lowering_duration;
  plan.end_time = setup.duration + (setup.lowering ? setup.lowering_duration : 0.0);
  plan.length = detail::segment_lengths(model);
  plan.ankle = model.ankle;

  const Posture* ends[2] = {&plan.start, &plan.lockout};
  for (int k = 0; k < 2; ++k) {
    const Vec5 phi = segment_angles(ends[k]->q);
    plan.bar_y[k] = ends[k]->landmark[kNumLandmarks - 1].y();
    plan.trunk[k] = phi[kTrunk];
    plan.lumbar[k] = phi[kPelvis] - phi[kTrunk];
    plan.arm[k] = phi[kArm];
  }
  if (plan.bar_y[1] <= plan.bar_y[0] + 0.05) {
    throw InputError("bar_height", format_number(setup.bar_height) + " m",
                     "must be at least 0.05 m below the lockout bar height of " +
                         format_number(plan.bar_y[1]) + " m for this lifter");
  }

  // every instant of the plan must be reachable and inside the joint ranges
  Vec5 q, q_s, q_ss;
  for (int k = 0; k <= kPlanChecks; ++k) {
    const double s = static_cast<double>(k) / kPlanChecks;
    const bool reachable = path_joints(plan, s, q, q_s, q_ss);
    bool in_range = reachable;
    for (int j = 0; reachable && j < kNumJoints; ++j) {
      in_range = in_range && q[j] >= model.q_min[j] - 1e-9 && q[j] <= model.q_max[j] + 1e-9;
    }
    if (!in_range) {
      throw InputError("coordination", format_number(setup.coordination),
                       "the planned pull is not reachable at " + format_number(100.0 * s) +
                           "% of the rise (legs cannot reach the hips or a joint leaves its "
                           "range); try a coordination nearer 0");
    }
  }
  return plan;
}

ReferenceState evaluate_reference(const ReferenceMotion& plan, double t) {
  double s = 0, ds = 0, dds = 0;
  if (t <= plan.duration) {
    minimum_jerk(t / plan.duration, s, ds, dds);
    ds /= plan.duration;
    dds /= plan.duration * plan.duration;
  } else if (plan.lowering) {
    minimum_jerk((t - plan.duration) / plan.lowering_duration, s, ds, dds);
    s = 1.0 - s;
    ds = -ds / plan.lowering_duration;
    dds = -dds / (plan.lowering_duration * plan.lowering_duration);
  } else {
    s = 1.0;
  }
  ReferenceState ref;
  Vec5 q_s, q_ss;
  path_joints(plan, s, ref.q, q_s, q_ss);
  ref.qdot = q_s * ds;
  ref.qddot = q_ss * ds * ds + q_s * dds;
  ref.progress = s;
  ref.bar_y = plan.bar_y[0] + s * (plan.bar_y[1] - plan.bar_y[0]);
  return ref;
}

}  // namespace spineload
