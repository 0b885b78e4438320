// Setup -> start and lockout postures (docs/model.md, section 4).
#include "spineload/posture.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>
#include <stdexcept>
#include <string>

#include <Eigen/LU>

#include "detail/angles.hpp"
#include "detail/chain_ik.hpp"
#include "detail/format.hpp"
#include "spineload/band.hpp"
#include "spineload/error.hpp"
#include "spineload/kinematics.hpp"

namespace spineload {

namespace {

using detail::kDegToRad;
constexpr int kScanPoints = 41;        // bracket search resolution over the free angle
constexpr int kRefineIterations = 60;  // cap; Illinois typically needs 6-10
constexpr double kRootTolerance = 1e-13;  // rad, bracket width at which a root is final
constexpr double kAngleMargin = 1e-3;  // rad, keeps the arm off the horizontal

}  // namespace

Posture posture_from_angles(const Model& model, const Vec5& q) {
  Data data;
  forward_kinematics(model, data, q);
  Posture p;
  p.q = q;
  p.landmark = data.landmark;
  p.center_of_mass = center_of_mass(model, data);
  p.trunk_angle = data.phi[kTrunk];
  return p;
}

namespace {

std::string deg_text(double radians) { return format_number(radians / kDegToRad) + " deg"; }

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

// The scan's fallback: a root can lie between a scan point where f is defined and one where it
// is not (the legs just reach the hips there), so no two defined neighbours change sign. For
// each such pair, find the edge of the defined part by bisection and look for a sign change
// between the defined point and the edge; f_min/f_max take in the edges' values. Runs only when
// the scan found no root, so it costs a solvable posture nothing.
template <class F>
std::optional<double> root_at_reach_edge(const F& f, double lo, double hi, double prefer,
                                         double& f_min, double& f_max) {
  constexpr int kEdgeIterations = 50;
  std::optional<double> best;
  double x_prev = lo;
  std::optional<double> f_prev = f(lo);
  for (int k = 1; k < kScanPoints; ++k) {
    const double x = lo + (hi - lo) * k / (kScanPoints - 1);
    const std::optional<double> fx = f(x);
    if (fx.has_value() != f_prev.has_value()) {
      // inside: the defined end of the pair; outside: the other
      double inside = fx ? x : x_prev, outside = fx ? x_prev : x;
      const double f_inside = fx ? *fx : *f_prev;
      double f_edge = f_inside;
      for (int it = 0; it < kEdgeIterations; ++it) {
        const double mid = 0.5 * (inside + outside);
        if (const std::optional<double> f_mid = f(mid)) {
          inside = mid;
          f_edge = *f_mid;
        } else {
          outside = mid;
        }
      }
      // the edge can reach values beyond every scan point's
      f_min = std::min(f_min, f_edge);
      f_max = std::max(f_max, f_edge);
      const double start = fx ? x : x_prev;
      if ((f_edge <= 0) != (f_inside <= 0)) {
        const double root = refine_root(f, start, inside, f_inside, f_edge);
        if (!best || std::abs(root - prefer) < std::abs(*best - prefer)) best = root;
      }
    }
    x_prev = x;
    f_prev = fx;
  }
  return best;
}

// Finds x in [lo, hi] with f(x) = 0 where f is defined (nullopt where it is not), taking the
// root nearest `prefer`. Returns nullopt if no sign change exists; f_min/f_max get the span
// of f over the scan, any_defined whether f was defined anywhere.
template <class F>
std::optional<double> find_root(const F& f, double lo, double hi, double prefer, double& f_min,
                                double& f_max, bool& any_defined) {
  std::optional<double> best;
  f_min = std::numeric_limits<double>::infinity();
  f_max = -std::numeric_limits<double>::infinity();
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
  if (!best && any_defined) best = root_at_reach_edge(f, lo, hi, prefer, f_min, f_max);
  return best;
}

void check_joint_ranges(const Model& model, const Vec5& q, const char* field, double value,
                        const char* what) {
  if (const int j = joint_out_of_range(model, q); j >= 0) {
    throw InputError(field, format_number(value),
                     std::string(what) + " needs " + kJointNames[j] + " at " + deg_text(q[j]) +
                         ", outside its range [" + format_number(model.q_min[j] / kDegToRad) +
                         ", " + format_number(model.q_max[j] / kDegToRad) + "] deg");
  }
}

// Signed distance (m) of point p from the line a -> b, + on the anterior side (clockwise of the
// line's direction when it points up).
double anterior_distance(const Vec2& a, const Vec2& b, const Vec2& p) {
  const Vec2 along = (b - a).normalized();
  const Vec2 anterior(along.y(), -along.x());
  return (p - a).dot(anterior);
}

// A band pulling up with most of the weight would lift the lifter off the floor: the balance
// of 4.2 means nothing then (its pressure's denominator W - f_y vanishes).
void check_band_lifts_no_one(double weight, const Vec2& band) {
  if (weight - band.y() < 0.1 * weight) {
    throw InputError("band_forward", format_number(band.norm()) + " N",
                     "pulls up with more than 90% of the weight of lifter and bar: anchor it "
                     "lower or use a weaker band");
  }
}

}  // namespace

double shank_bar_clearance(const Posture& posture) {
  return anterior_distance(posture.landmark[0], posture.landmark[1],
                           posture.landmark[kNumLandmarks - 1]);
}

double thigh_bar_clearance(const Posture& posture) {
  return anterior_distance(posture.landmark[1], posture.landmark[2],
                           posture.landmark[kNumLandmarks - 1]);
}

namespace {

// Distance (m) from p to the segment a -> b, + on the line's anterior side: the perpendicular
// distance where p projects onto the segment, else the distance to the nearer end. Against the
// shank below the knee and the thigh above it, both give the distance to the knee itself as the
// bar passes it, so the clearance does not jump there. Past the knee's end of the segment
// (knee_at_b: the knee is b, else a) the side is the knee's, not the line's: inside only
// between the shank and the thigh (behind_knee(), asked only then). With the hips below the knees
// the thigh's line runs nearly level through the knee, and a bar well in front of the knee would
// otherwise change sides with a millimetre of height.
template <class BehindKnee>
double anterior_segment_distance(const Vec2& a, const Vec2& b, const Vec2& p, bool knee_at_b,
                                 const BehindKnee& behind_knee) {
  const Vec2 d = b - a;
  const double along = (p - a).dot(d) / d.squaredNorm();
  const double distance = (p - (a + std::clamp(along, 0.0, 1.0) * d)).norm();
  if (knee_at_b ? along > 1.0 : along < 0.0) return behind_knee() ? -distance : distance;
  return anterior_distance(a, b, p) >= 0.0 ? distance : -distance;
}

// Whether p lies in the angle the shank and the thigh make behind a flexed knee. A straight or
// hyperextended knee (turn >= 0) has no such angle: the wedge would open to the front.
bool between_shank_and_thigh(const Vec2& ankle, const Vec2& knee, const Vec2& hip, const Vec2& p) {
  auto cross = [](const Vec2& x, const Vec2& y) { return x.x() * y.y() - x.y() * y.x(); };
  const Vec2 to_ankle = ankle - knee, to_hip = hip - knee, to_p = p - knee;
  const double turn = cross(to_ankle, to_hip);  // < 0 for a flexed knee (the hip behind)
  return turn < 0.0 && cross(to_ankle, to_p) <= 0.0 && cross(to_p, to_hip) <= 0.0;
}

}  // namespace

double bar_inside_legs(const Model& model, const Vec2& ankle, const Vec2& knee, const Vec2& hip,
                       const Vec2& bar) {
  auto behind_knee = [&] { return between_shank_and_thigh(ankle, knee, hip, bar); };
  if (bar.y() <= knee.y()) {
    return kShinClearance -
           anterior_segment_distance(ankle, knee, bar, /*knee_at_b=*/true, behind_knee);
  }
  const double rise = hip.y() - knee.y();  // the thigh's height, or none when it is level
  const double up_the_thigh = rise > 1e-9 ? std::clamp((bar.y() - knee.y()) / rise, 0.0, 1.0) : 1.0;
  const double needed = kShinClearance + up_the_thigh * (model.thigh_clearance - kShinClearance);
  return needed - anterior_segment_distance(knee, hip, bar, /*knee_at_b=*/false, behind_knee);
}

Posture solve_start_posture(const Model& model, const Setup& setup) {
  const auto length = detail::segment_lengths(model);
  detail::PostureVariables v;
  v.bar = {setup.bar_offset, setup.bar_height};
  v.trunk = setup.trunk_angle_deg * kDegToRad;
  v.lumbar = setup.lumbar_flexion_deg * kDegToRad;
  if (v.lumbar > model.spine.lumbar_flexion_range) {
    throw InputError("lumbar_flexion_deg", format_number(setup.lumbar_flexion_deg),
                     "exceeds the lifter's full lumbar flexion of " +
                         deg_text(model.spine.lumbar_flexion_range));
  }
  // a free angle (the arm's, or the trunk's with the shoulders rule) is fixed by a condition
  // that is zero at the solution; nullopt where the legs cannot reach the hips
  auto posture_q = [&](std::optional<Vec5>& q) -> bool {
    Vec5 phi;
    if (!detail::chain_angles(length, model.ankle, v, phi)) return false;
    q = joint_angles(phi);
    return true;
  };
  // balance: the centre of pressure over balance_point; a band pulling the bar forward moves
  // it forward, so the lifter sits back (without bands it is the centre of mass)
  const Bands bands = bands_of(setup);
  const double weight = total_weight(model);
  const Vec2 band_at_start = bands.force(v.bar, 0.0);
  check_band_lifts_no_one(weight, band_at_start);
  detail::ChainDirections chain;
  auto com_error = [&](double& angle) {
    return [&](double x) -> std::optional<double> {
      angle = x;
      if (!detail::chain_directions(length, model.ankle, v, chain)) return std::nullopt;
      return centre_of_pressure_at_rest(weight, center_of_mass_x(model, chain.u), v.bar,
                                        band_at_start) -
             setup.balance_point;
    };
  };
  auto shin_error = [&](double arm) -> std::optional<double> {
    v.arm = arm;
    std::optional<Vec5> q;
    if (!posture_q(q)) return std::nullopt;
    return shank_bar_clearance(posture_from_angles(model, *q)) - kShinClearance;
  };

  double f_min = 0, f_max = 0;
  bool reachable = false;
  v.arm = -0.5 * std::numbers::pi;
  if (setup.posture == "balance") {
    // the arm angle that balances at the trunk angle in v (the arm hanging below the shoulder)
    auto balancing_arm = [&](double& span_min, double& span_max, bool& any_reach) {
      return find_root(com_error(v.arm), -std::numbers::pi + kAngleMargin, -kAngleMargin,
                       -0.5 * std::numbers::pi, span_min, span_max, any_reach);
    };
    const auto root = balancing_arm(f_min, f_max, reachable);
    if (!reachable) {
      const double hip_distance =
          (detail::hip_position(length, {v.bar, v.trunk, v.lumbar, -0.5 * std::numbers::pi}) -
           model.ankle)
              .norm();
      throw InputError("trunk_angle_deg", format_number(setup.trunk_angle_deg),
                       "with the hands on the bar at height " + format_number(setup.bar_height) +
                           " m the hips would be about " + format_number(hip_distance) +
                           " m from the ankle; the legs reach " +
                           format_number(std::abs(length[kShank] - length[kThigh])) + " to " +
                           format_number(length[kShank] + length[kThigh]) + " m");
    }
    if (!root) {
      // which trunk angles would balance there: the input a user most often has to change
      // when the bar starts higher or lower than a preset's (a rack pull, a block pull); as
      // runs of whole degrees, since the legs' reach can leave gaps
      const double trunk = v.trunk;
      std::string balancing;
      int run_start = -1;
      auto close_run = [&](int last) {
        if (run_start < 0) return;
        balancing += (balancing.empty() ? "" : ", ") + std::to_string(run_start) +
                     (last > run_start ? " to " + std::to_string(last) : "");
        run_start = -1;
      };
      for (int degrees = 2; degrees <= 85; ++degrees) {
        v.trunk = degrees * kDegToRad;
        double lo = 0, hi = 0;
        bool any = false;
        const bool balances = balancing_arm(lo, hi, any).has_value();
        if (balances && run_start < 0) run_start = degrees;
        if (!balances) close_run(degrees - 1);
      }
      close_run(85);
      v.trunk = trunk;
      const std::string reachable =
          f_min > 0.0 || f_max < 0.0
              ? "reachable " + detail::format("%.3f", setup.balance_point + f_min) + " to " +
                    detail::format("%.3f", setup.balance_point + f_max) + " m"
              // in the span, but the postures that reach the bar jump over it
              : std::string(
                    "the postures that reach the bar jump over it (the legs reach the "
                    "hips only in separate ranges)");
      throw InputError(
          "balance_point", format_number(setup.balance_point) + " m",
          std::string("no posture with the hands on the bar puts the ") +
              (band_at_start.isZero() ? "centre of mass" : "centre of pressure") + " there; " +
              reachable + " at trunk_angle_deg = " + format_number(setup.trunk_angle_deg) +
              (balancing.empty() ? "; no trunk angle balances there"
                                 : "; trunk angles of " + balancing + " deg balance there"));
    }
    v.arm = *root;
  } else if (setup.posture == "shoulders") {
    // the arm from where the shoulders are over the bar, the trunk angle from balance
    const double reach = -setup.shoulder_offset / length[kArm];
    v.arm = -std::acos(std::clamp(reach, -1.0, 1.0));
    const auto root = find_root(com_error(v.trunk), 2 * kDegToRad, 85 * kDegToRad, 30 * kDegToRad,
                                f_min, f_max, reachable);
    if (!root) {
      throw InputError("shoulder_offset", format_number(setup.shoulder_offset) + " m",
                       reachable ? "no trunk angle with the shoulders there balances over "
                                   "balance_point = " + format_number(setup.balance_point) + " m"
                                 : "the legs cannot reach the hips with the shoulders there");
    }
    v.trunk = *root;
  } else if (setup.posture == "hinge") {
    // an RDL's bottom: the knees as soft as at lockout, the shoulders at shoulder_offset over
    // the bar (0: arms vertical), the hips back; no balance condition (the centre of mass
    // must still be over the foot)
    v.arm = -std::acos(std::clamp(-setup.shoulder_offset / length[kArm], -1.0, 1.0));
    const std::optional<double> trunk =
        detail::hinge_trunk_angle(length, model.ankle, v, setup.lockout_knee_deg * kDegToRad);
    if (!trunk) {
      throw InputError(
          "bar_height", format_number(setup.bar_height) + " m",
          "no hinge with the knees at lockout_knee_deg = " + format_number(setup.lockout_knee_deg) +
              " deg and the shoulders at shoulder_offset = " +
              format_number(setup.shoulder_offset) +
              " m puts the hands on the bar there: the legs cannot reach the hips");
    }
    v.trunk = *trunk;
  } else if (std::optional<Vec5> q; !posture_q(q)) {
    throw InputError("trunk_angle_deg", format_number(setup.trunk_angle_deg),
                     "with vertical arms the legs cannot reach the hips at this trunk angle");
  }

  Vec5 phi;
  detail::chain_angles(length, model.ankle, v, phi);
  Posture posture = posture_from_angles(model, joint_angles(phi));
  const bool bar_below_knee = setup.bar_height < posture.landmark[1].y();
  // the balance point puts the shins through the bar: like a lifter, bring the shins to the
  // bar (knees no further forward than it allows) and let the hips settle back
  if (setup.posture == "balance" && bar_below_knee &&
      shank_bar_clearance(posture) < kShinClearance) {
    const auto root = find_root(shin_error, -std::numbers::pi + kAngleMargin, -kAngleMargin,
                                v.arm, f_min, f_max, reachable);
    if (root) {
      v.arm = *root;
      detail::chain_angles(length, model.ankle, v, phi);
      posture = posture_from_angles(model, joint_angles(phi));
      posture.shins_on_bar = true;
    }
  }
  // the input that set the posture: the trunk angle, except for the hinge (the bar's height)
  // and the shoulders rule (which solves the trunk angle from where the shoulders are)
  const bool hinge = setup.posture == "hinge", shoulders = setup.posture == "shoulders";
  check_joint_ranges(model, posture.q,
                     hinge       ? "bar_height"
                     : shoulders ? "shoulder_offset"
                                 : "trunk_angle_deg",
                     hinge       ? setup.bar_height
                     : shoulders ? setup.shoulder_offset
                                 : setup.trunk_angle_deg,
                     "the start posture");
  const double clearance = shank_bar_clearance(posture);
  if (bar_below_knee && clearance < kShinClearance - 1e-9) {
    throw InputError("bar_offset", format_number(setup.bar_offset) + " m",
                     "the shank passes through the bar (bar centre " + format_number(clearance) +
                         " m in front of the shank line, needs at least " +
                         format_number(kShinClearance) +
                         " m): move the bar forward or lower the trunk angle");
  }
  const double com =
      centre_of_pressure_at_rest(weight, posture.center_of_mass.x(), v.bar, band_at_start);
  if (com < model.heel_x || com > model.toe_x) {
    // name the input that put it there, by rule, and which way to move it
    const bool behind = com < model.heel_x;
    std::string field = "trunk_angle_deg", value = format_number(setup.trunk_angle_deg);
    if (setup.posture == "shoulders") {
      field = "shoulder_offset";
      value = format_number(setup.shoulder_offset) + " m";
    } else if (hinge && setup.shoulder_offset != 0.0) {
      field = "shoulder_offset";
      value = format_number(setup.shoulder_offset) + " m";
    } else if (hinge) {
      field = "bar_height";
      value = format_number(setup.bar_height) + " m";
    } else if (setup.posture == "balance" && setup.bar_offset < 0.0) {
      field = "bar_offset";
      value = format_number(setup.bar_offset) + " m";
    }
    throw InputError(field, value,
                     std::string(posture.shins_on_bar ? "with the shins on the bar " : "") +
                         (band_at_start.isZero() ? "the centre of mass would be "
                                                 : "the centre of pressure would be ") +
                         format_number(com) + " m from mid-foot, " +
                         (behind ? "behind the heel" : "past the toes") + " (the foot spans " +
                         format_number(model.heel_x) + " to " + format_number(model.toe_x) +
                         " m): " +
                         // a hinge has no trunk angle to set: its posture follows the
                         // bar's height, the knees and the shoulders
                         (hinge    ? (behind ? "raise the bar, bend the knees more "
                                               "(lockout_knee_deg) or bring the shoulders "
                                               "forward (shoulder_offset)"
                                             : "bring the shoulders back (shoulder_offset)")
                          : behind ? "lower the trunk angle or move the bar forward"
                                   : "move the bar back or raise the trunk angle") +
                         (setup.foot_angle_deg > 0.0
                              ? " (feet turned out " + format_number(setup.foot_angle_deg) +
                                    " deg are shorter from the side; balance_point may lie "
                                    "off them)"
                              : ""));
  }
  return posture;
}

Posture solve_lockout_posture(const Model& model, const Setup& setup) {
  const double knee = setup.lockout_knee_deg * kDegToRad;

  // standing tall (docs/model.md 5.2): knee at lockout_knee_deg, lumbar neutral, the trunk
  // leaning forward by the same small angle as the arms hang forward, just enough for the bar
  // to rest on the thighs; the ankle angle balances the lifter over balance_point
  if ((setup.lockout_load == "chest") != model.arms_folded) {
    throw std::logic_error("a chest hold, and only a chest hold, needs the model's folded arms");
  }
  // folded arms (a chest hold) point from the shoulder to the grip in front of the chest
  const double arm_hang =
      model.arms_folded ? model.folded_arms.hang_angle : -0.5 * std::numbers::pi;
  auto pose = [&](double ankle, double lean) {
    Vec5 phi;
    phi[kShank] = 0.5 * std::numbers::pi - ankle;
    phi[kThigh] = phi[kShank] + knee;
    phi[kPelvis] = 0.5 * std::numbers::pi - lean;
    phi[kTrunk] = phi[kPelvis];
    phi[kArm] = arm_hang + lean;
    return joint_angles(phi);
  };
  // the centre of pressure over lockout_balance_point, the down band fully stretched
  const Bands bands = bands_of(setup);
  const double weight = total_weight(model);
  auto cop_of = [&](const Posture& p) {
    const Vec2& bar = p.landmark[kNumLandmarks - 1];
    const Vec2 force = bands.force(bar, 1.0);
    check_band_lifts_no_one(weight, force);
    return centre_of_pressure_at_rest(weight, p.center_of_mass.x(), bar, force);
  };
  if (setup.lockout_load == "sides" || setup.lockout_load == "chest") {
    // handles beside the body (arms vertical) or a load at the chest (upper arms vertical,
    // forearms forward): the trunk upright; the ankle balances (secant steps)
    auto error = [&](double ankle) {
      return cop_of(posture_from_angles(model, pose(ankle, 0.0))) - setup.lockout_balance_point;
    };
    double a0 = 0.0, a1 = 0.05, e0 = error(a0), e1 = error(a1);
    for (int it = 0; it < 50 && std::abs(e1) > 1e-13 && e1 != e0; ++it) {
      const double a2 = a1 - e1 * (a1 - a0) / (e1 - e0);
      a0 = a1;
      e0 = e1;
      a1 = std::clamp(a2, -0.6, 0.6);
      e1 = error(a1);
    }
    if (!(std::abs(e1) < 1e-9)) {
      throw InputError(
          "lockout_balance_point", format_number(setup.lockout_balance_point) + " m",
          "no upright stance with the load at the " + setup.lockout_load + " balances there");
    }
    Posture posture = posture_from_angles(model, pose(a1, 0.0));
    check_joint_ranges(model, posture.q, "lockout_knee_deg", setup.lockout_knee_deg,
                       "the standing posture");
    return posture;
  }
  auto residual = [&](const Eigen::Vector2d& x) {
    const Posture p = posture_from_angles(model, pose(x[0], x[1]));
    return Eigen::Vector2d(thigh_bar_clearance(p) - model.thigh_clearance,
                           cop_of(p) - setup.lockout_balance_point);
  };
  // Newton on (ankle, lean) with a finite-difference Jacobian: both residuals are smooth
  Eigen::Vector2d x(0.0, 5 * kDegToRad);
  constexpr double kStep = 1e-7;
  bool converged = false;
  for (int it = 0; it < 30 && !converged; ++it) {
    const Eigen::Vector2d r = residual(x);
    Eigen::Matrix2d jacobian;
    for (int j = 0; j < 2; ++j) {
      Eigen::Vector2d xj = x;
      xj[j] += kStep;
      jacobian.col(j) = (residual(xj) - r) / kStep;
    }
    const Eigen::Vector2d step = jacobian.fullPivLu().solve(-r);
    x += step.cwiseMax(-0.2).cwiseMin(0.2);  // at most ~11 deg a step
    converged = step.norm() < 1e-12 || r.norm() < 1e-12;
  }
  const Vec5 q = pose(x[0], x[1]);
  if (!converged || !residual(x).allFinite() || residual(x).norm() > 1e-9 ||
      std::abs(x[1]) > 30 * kDegToRad) {
    throw InputError("lockout_balance_point", format_number(setup.lockout_balance_point) + " m",
                     "no standing lockout with the bar on the thighs balances there");
  }
  Posture posture = posture_from_angles(model, q);
  check_joint_ranges(model, posture.q, "lockout_knee_deg", setup.lockout_knee_deg,
                     "the lockout posture");
  return posture;
}

}  // namespace spineload
