// Setup -> start and lockout postures (docs/model.md, section 4).
#include "spineload/posture.hpp"

#include <cmath>
#include <numbers>
#include <optional>

#include "detail/chain_ik.hpp"
#include "spineload/error.hpp"
#include "spineload/kinematics.hpp"

namespace spineload {

namespace {

constexpr double kDeg = std::numbers::pi / 180.0;
constexpr int kScanPoints = 41;        // bracket search resolution over the free angle
constexpr int kRefineIterations = 60;  // cap; Illinois typically needs 6-10
constexpr double kRootTolerance = 1e-13;  // rad, bracket width at which a root is final
constexpr double kAngleMargin = 1e-3;  // rad, keeps the arm off the horizontal

// Centre of mass x of lifter and bar, without filling a whole Posture (the scans call this).
double center_of_mass_x(const Model& model, const Vec5& q) {
  const Vec5 phi = segment_angles(q);
  double joint_x = model.ankle.x();
  double weighted = model.foot.mass * (model.heel_x + model.foot.com_along);
  double mass = model.foot.mass + model.bar_mass;
  for (int i = 0; i < kNumJoints; ++i) {
    const Segment& seg = model.segments[i];
    const double c = std::cos(phi[i]), s = std::sin(phi[i]);
    weighted += seg.mass * (joint_x + seg.com_along * c + seg.com_perp * s);
    mass += seg.mass;
    joint_x += seg.length * c;
  }
  return (weighted + model.bar_mass * joint_x) / mass;
}

Posture make_posture(const Model& model, const Vec5& q) {
  Data data;
  forward_kinematics(model, data, q);
  Posture p;
  p.q = q;
  p.landmark = data.landmark;
  p.center_of_mass = center_of_mass(model, data);
  p.trunk_angle = data.phi[kTrunk];
  return p;
}

std::string deg_text(double radians) { return format_number(radians / kDeg) + " deg"; }

// Refines a sign change of f on [a, b] (fa = f(a), fb = f(b), opposite signs) by the Illinois
// variant of regula falsi: superlinear like the secant method, yet never leaves the bracket.
template <class F>
double refine_root(const F& f, double a, double b, double fa, double fb) {
  for (int it = 0; it < kRefineIterations && std::abs(b - a) > kRootTolerance; ++it) {
    const double c = (a * fb - b * fa) / (fb - fa);
    const std::optional<double> fc = f(c);
    if (!fc) break;  // f undefined inside the bracket: keep the best estimate so far
    if (*fc == 0.0) return c;
    if ((*fc < 0) != (fb < 0)) {
      a = b;
      fa = fb;
    } else {
      fa *= 0.5;  // Illinois: halve the stale end so the bracket keeps shrinking from both sides
    }
    b = c;
    fb = *fc;
  }
  return b;
}

// Finds x in [lo, hi] with f(x) = 0 where f is defined (nullopt where it is not), taking the
// root nearest `prefer`. Returns nullopt if no sign change exists; f_min/f_max get the span
// of f over the scan, any_defined whether f was defined anywhere.
template <class F>
std::optional<double> find_root(const F& f, double lo, double hi, double prefer, double& f_min,
                                double& f_max, bool& any_defined) {
  std::optional<double> best;
  f_min = INFINITY;
  f_max = -INFINITY;
  any_defined = false;
  double x_prev = 0;
  std::optional<double> f_prev;
  for (int k = 0; k < kScanPoints; ++k) {
    const double x = lo + (hi - lo) * k / (kScanPoints - 1);
    const std::optional<double> fx = f(x);
    if (fx) {
      any_defined = true;
      f_min = std::min(f_min, *fx);
      f_max = std::max(f_max, *fx);
    }
    if (fx && f_prev && ((*fx <= 0) != (*f_prev <= 0))) {
      const double root = *fx == 0.0 ? x : refine_root(f, x_prev, x, *f_prev, *fx);
      if (!best || std::abs(root - prefer) < std::abs(*best - prefer)) best = root;
    }
    x_prev = x;
    f_prev = fx;
  }
  return best;
}

void check_joint_ranges(const Model& model, const Vec5& q, const char* field, double value,
                        const char* what) {
  for (int j = 0; j < kNumJoints; ++j) {
    if (q[j] < model.q_min[j] - 1e-9 || q[j] > model.q_max[j] + 1e-9) {
      throw InputError(field, format_number(value),
                       std::string(what) + " needs " + kJointNames[j] + " at " + deg_text(q[j]) +
                           ", outside its range [" + format_number(model.q_min[j] / kDeg) +
                           ", " + format_number(model.q_max[j] / kDeg) + "] deg");
    }
  }
}

}  // namespace

double shank_bar_clearance(const Posture& posture) {
  const Vec2& ankle = posture.landmark[0];
  const Vec2& knee = posture.landmark[1];
  const Vec2& bar = posture.landmark[kNumLandmarks - 1];
  const Vec2 along = (knee - ankle).normalized();
  const Vec2 anterior(along.y(), -along.x());
  return (bar - ankle).dot(anterior);
}

Posture solve_start_posture(const Model& model, const Setup& setup) {
  const auto length = detail::segment_lengths(model);
  detail::PostureVariables v;
  v.bar = {setup.bar_offset, setup.bar_height};
  v.trunk = setup.trunk_angle_deg * kDeg;
  v.lumbar = setup.lumbar_flexion_deg * kDeg;
  if (v.lumbar > model.spine.lumbar_flexion_range) {
    throw InputError("lumbar_flexion_deg", format_number(setup.lumbar_flexion_deg),
                     "exceeds the lifter's full lumbar flexion of " +
                         deg_text(model.spine.lumbar_flexion_range));
  }

  // the free angle is the arm's; balance (or the arms-vertical rule) fixes it
  const double balance_x = setup.balance_point;
  auto com_error = [&](double arm) -> std::optional<double> {
    v.arm = arm;
    Vec5 phi;
    if (!detail::chain_angles(length, model.ankle, v, phi)) return std::nullopt;
    return center_of_mass_x(model, joint_angles(phi)) - balance_x;
  };

  double arm = -0.5 * std::numbers::pi;
  if (setup.posture == "balance") {
    double f_min = 0, f_max = 0;
    bool reachable = false;
    const auto root = find_root(com_error, -std::numbers::pi + kAngleMargin, -kAngleMargin,
                                arm, f_min, f_max, reachable);
    if (!reachable) {
      const double hip_distance =
          (detail::hip_position(length, {v.bar, v.trunk, v.lumbar, arm}) - model.ankle).norm();
      throw InputError("trunk_angle_deg", format_number(setup.trunk_angle_deg),
                       "with the hands on the bar at height " + format_number(setup.bar_height) +
                           " m the hips would be about " + format_number(hip_distance) +
                           " m from the ankle; the legs reach " +
                           format_number(std::abs(length[kShank] - length[kThigh])) + " to " +
                           format_number(length[kShank] + length[kThigh]) + " m");
    }
    if (!root) {
      throw InputError("balance_point", format_number(balance_x) + " m",
                       "no posture with the hands on the bar puts the centre of mass there; "
                       "reachable " + format_number(balance_x + f_min) + " to " +
                           format_number(balance_x + f_max) + " m at this trunk angle");
    }
    arm = *root;
  } else if (!com_error(arm)) {
    throw InputError("trunk_angle_deg", format_number(setup.trunk_angle_deg),
                     "with vertical arms the legs cannot reach the hips at this trunk angle");
  }

  v.arm = arm;
  Vec5 phi;
  detail::chain_angles(length, model.ankle, v, phi);
  const Posture posture = make_posture(model, joint_angles(phi));
  check_joint_ranges(model, posture.q, "trunk_angle_deg", setup.trunk_angle_deg,
                     "the start posture");
  const double clearance = shank_bar_clearance(posture);
  if (setup.bar_height < posture.landmark[1].y() && clearance < kShinClearance) {
    throw InputError("bar_offset", format_number(setup.bar_offset) + " m",
                     "the shank passes through the bar (bar centre " + format_number(clearance) +
                         " m in front of the shank line, needs at least " +
                         format_number(kShinClearance) +
                         " m): move the bar forward, lower the trunk angle or move balance_point back");
  }
  return posture;
}

Posture solve_lockout_posture(const Model& model, const Setup& setup) {
  const auto length = detail::segment_lengths(model);
  const double knee = setup.lockout_knee_deg * kDeg;
  const double bar_x = setup.bar_offset;

  // ankle angle -> pose: knee at lockout, hip and lumbar neutral, hand at the bar's x
  auto pose_for_ankle = [&](double ankle, Vec5& q) -> bool {
    Vec5 phi;
    phi[kShank] = 0.5 * std::numbers::pi - ankle;
    phi[kThigh] = phi[kShank] + knee;
    phi[kPelvis] = phi[kThigh];
    phi[kTrunk] = phi[kThigh];
    Vec2 shoulder = model.ankle;
    for (int i = 0; i < kArm; ++i) shoulder += length[i] * detail::unit(phi[i]);
    const double reach = (bar_x - shoulder.x()) / length[kArm];
    if (std::abs(reach) > 1.0) return false;
    phi[kArm] = -std::acos(reach);
    q = joint_angles(phi);
    return true;
  };
  auto com_error = [&](double ankle) -> std::optional<double> {
    Vec5 q;
    if (!pose_for_ankle(ankle, q)) return std::nullopt;
    return center_of_mass_x(model, q) - setup.balance_point;
  };

  double ankle = knee;  // trunk upright
  if (setup.posture == "balance") {
    double f_min = 0, f_max = 0;
    bool reachable = false;
    const auto root = find_root(com_error, model.q_min[0], model.q_max[0], 0.0, f_min, f_max,
                                reachable);
    if (!root) {
      throw InputError("balance_point", format_number(setup.balance_point) + " m",
                       "no upright lockout with the hands at bar_offset balances there");
    }
    ankle = *root;
  }
  Vec5 q;
  if (!pose_for_ankle(ankle, q)) {
    throw InputError("bar_offset", format_number(bar_x) + " m",
                     "the hands cannot reach the bar at lockout");
  }
  const Posture posture = make_posture(model, q);
  check_joint_ranges(model, posture.q, "bar_offset", bar_x, "the lockout posture");
  return posture;
}

}  // namespace spineload
