// The planned pull (docs/model.md, section 5).
#include "spineload/reference.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>
#include <string>
#include <string_view>

#include <Eigen/LU>

#include "detail/angles.hpp"
#include "detail/chain_ik.hpp"
#include "spineload/error.hpp"
#include "spineload/kinematics.hpp"
#include "spineload/walking.hpp"

namespace spineload {

namespace {

using detail::kDegToRad;

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

// The drift bump b(p) = sin^2(pi u(p)), u(p_knee) = 1/2: u = p^g with g = ln(1/2) / ln(p_knee)
// when the knee is in the upper half of the rise, u = 1 - (1 - p)^g with g = ln(1/2) /
// ln(1 - p_knee) when it is in the lower half, so that g >= 1 and b is zero with zero slope and
// finite curvature at the floor and at lockout, 1 at knee passage (eq. 5.2); and its
// derivatives.
void drift_bump(double p_knee, double p, double& b, double& b_p, double& b_pp) {
  if (p <= 0.0 || p >= 1.0 || p_knee <= 0.0 || p_knee >= 1.0) {
    b = b_p = b_pp = 0.0;
    return;
  }
  double u, u_p, u_pp;
  if (p_knee >= 0.5) {
    const double g = std::log(0.5) / std::log(p_knee);
    u = std::pow(p, g);
    u_p = g * u / p;
    u_pp = g * (g - 1.0) * u / (p * p);
  } else {
    const double g = std::log(0.5) / std::log(1.0 - p_knee), r = 1.0 - p;
    const double w = std::pow(r, g);
    u = 1.0 - w;
    u_p = g * w / r;
    u_pp = -g * (g - 1.0) * w / (r * r);
  }
  const double pi = std::numbers::pi;
  const double sn = std::sin(pi * u), cs = std::cos(pi * u);
  b = sn * sn;
  b_p = pi * std::sin(2 * pi * u) * u_p;
  b_pp = 2 * pi * pi * (cs * cs - sn * sn) * u_p * u_p + pi * std::sin(2 * pi * u) * u_pp;
}

using NodeValues = std::array<double, ReferenceMotion::kArmNodes + 1>;

// The natural cubic spline through values at N evenly spaced s (the arm nodes, or a hinge's
// tabulated s), with its second derivatives `curvature`, at s; with its first two derivatives.
template <std::size_t N>
void node_spline(const std::array<double, N>& node, const std::array<double, N>& curvature,
                 double s, double& a, double& a_s, double& a_ss) {
  constexpr int n = N - 1;
  constexpr double h = 1.0 / n;
  const double x = std::clamp(s, 0.0, 1.0) * n;
  const int k = std::min(static_cast<int>(x), n - 1);
  const double t = x - k;  // in [0, 1] across interval k
  const double y0 = node[k], y1 = node[k + 1];
  const double m0 = curvature[k], m1 = curvature[k + 1];
  a = (1 - t) * y0 + t * y1 + h * h / 6.0 * (((1 - t) * (1 - t) * (1 - t) - (1 - t)) * m0 +
                                            (t * t * t - t) * m1);
  a_s = (y1 - y0) / h + h / 6.0 * ((1 - 3 * (1 - t) * (1 - t)) * m0 + (3 * t * t - 1) * m1);
  a_ss = (1 - t) * m0 + t * m1;
}

// Eased progress p(s) = s + s^2 - s^3: leaves the floor like s but reaches the lockout with zero
// slope, so the hips approach the legs' reach tangentially and the knee straightens smoothly
// instead of snapping straight (eq. 5.2).
inline void eased(double s, double& p, double& p_s, double& p_ss) {
  p = s + s * s - s * s * s;
  p_s = 1.0 + 2.0 * s - 3.0 * s * s;
  p_ss = 2.0 - 6.0 * s;
}

// The early lowering's span of s: the first two arm intervals (ReferenceMotion::early_lowering).
constexpr double kEarlySpan = 2.0 / ReferenceMotion::kArmNodes;
// How far (m) the bar may pass inside the legs' clearance between the arm nodes before the
// trunk is held lower there (keep_bar_out_between_nodes).
constexpr double kInsideTolerance = 0.003;
// Beyond this (m) the summary's measure of it is refined between the tabulated points.
constexpr double kRefineInside = 0.005;

// Posture variables and their s-derivatives, all but the arm angle (which keeps the centre of
// mass on its path: the arm nodes' spline, or their solve in make_reference).
PathPoint path_point_without_arm(const ReferenceMotion& plan, double s) {
  double p, p_s, p_ss;
  eased(s, p, p_s, p_ss);
  double w, w_p, w_pp;
  trunk_warp(plan.coordination, p, w, w_p, w_pp);
  double b = 0, b_p = 0, b_pp = 0;
  if (plan.drift != 0.0) drift_bump(plan.knee_progress, p, b, b_p, b_pp);
  const double bar_rise = plan.bar_y[1] - plan.bar_y[0];
  const double bar_shift = plan.bar_x[1] - plan.bar_x[0];
  const double trunk_rise = plan.trunk[1] - plan.trunk[0];
  const double lumbar_change = plan.lumbar[1] - plan.lumbar[0];
  // bar x(p) = x0 + p (x1 - x0) + drift b(p); chain rule: d/ds = p_s d/dp,
  // d2/ds2 = p_s^2 d2/dp2 + p_ss d/dp
  const double x_p = bar_shift + plan.drift * b_p, x_pp = plan.drift * b_pp;
  const double d1 = p_s, d2 = p_s * p_s;
  PathPoint point;
  // the trunk: its timing w(p), held down while the bar passes the knees (the square of a
  // spline in s)
  double root, root_s, root_ss;
  node_spline(plan.lowering_root, plan.lowering_root_curvature, s, root, root_s, root_ss);
  double lowered = root * root, lowered_s = 2 * root * root_s;
  double lowered_ss = 2 * (root_s * root_s + root * root_ss);
  if (plan.early_lowering > 0.0 && s < kEarlySpan) {  // A s (1 - u)^3, u = s / span: C2 there
    const double a = plan.early_lowering, u = s / kEarlySpan, v = 1.0 - u;
    lowered += a * s * v * v * v;
    lowered_s += a * v * v * (1.0 - 4.0 * u);
    lowered_ss -= 6.0 * a / kEarlySpan * v * (1.0 - 2.0 * u);
  }
  point.v = {{plan.bar_x[0] + p * bar_shift + plan.drift * b, plan.bar_y[0] + p * bar_rise},
             plan.trunk[0] + w * trunk_rise - lowered,
             plan.lumbar[0] + p * lumbar_change,
             0.0};
  point.v_s = {
      {d1 * x_p, d1 * bar_rise}, d1 * w_p * trunk_rise - lowered_s, d1 * lumbar_change, 0.0};
  point.v_ss = {{d2 * x_pp + p_ss * x_p, p_ss * bar_rise},
                (d2 * w_pp + p_ss * w_p) * trunk_rise - lowered_ss,
                p_ss * lumbar_change,
                0.0};
  return point;
}

PathPoint path_point(const ReferenceMotion& plan, double s) {
  PathPoint point = path_point_without_arm(plan, s);
  if (plan.hinge) {
    node_spline(plan.hinge_arm, plan.hinge_arm_curvature, s, point.v.arm, point.v_s.arm,
                point.v_ss.arm);
  } else {
    node_spline(plan.arm_node, plan.arm_curvature, s, point.v.arm, point.v_s.arm, point.v_ss.arm);
  }
  return point;
}

// Where a point of the path puts the knee, the hip and the bar (for the legs' clearance).
struct PlacedLegs {
  Vec2 knee, hip, bar;  // m
};

// Joint angles and their s-derivatives along the path: differentiates the closed-form
// placement (eq. 4.1-4.3) analytically; the leg's 2x2 Jacobian is regular while the knee is
// bent, which the lockout knee angle guarantees; a hinge's, while the hips are (5.2).
bool path_joints(const ReferenceMotion& plan, double s, Vec5& q, Vec5& q_s, Vec5& q_ss,
                 PlacedLegs& placed) {
  PathPoint p = path_point(plan, s);
  if (plan.hinge) {  // the trunk where the knees keep their flexion, not on its timing
    const std::optional<double> trunk =
        detail::hinge_trunk_angle(plan.length, plan.ankle, p.v, plan.hinge_knee);
    if (!trunk) return false;
    p.v.trunk = *trunk;
  }
  detail::ChainDirections chain;
  if (!detail::chain_directions(plan.length, plan.ankle, p.v, chain)) return false;
  const Vec2 &u_shank = chain.u[kShank], &u_thigh = chain.u[kThigh];
  const Vec2 &u_pelvis = chain.u[kPelvis], &u_trunk = chain.u[kTrunk], &u_arm = chain.u[kArm];
  placed = {chain.knee, chain.hip, p.v.bar};

  // hip velocity and acceleration along the path: H = bar - L4 u(arm) - L3 u(trunk) - L2 u(pelvis),
  // with u(a) = (cos a, sin a) and its derivative perp(u) = (-sin a, cos a), each angle's once
  auto perp = [](const Vec2& u) -> Vec2 { return {-u.y(), u.x()}; };
  auto term_s = [&](double l, const Vec2& u, double a_s) -> Vec2 { return l * a_s * perp(u); };
  auto term_ss = [&](double l, const Vec2& u, double a_s, double a_ss) -> Vec2 {
    return l * (a_ss * perp(u) - a_s * a_s * u);
  };
  if (plan.hinge) {
    // the legs turn as one about the ankle (the knee held) and the pelvis and trunk as one about
    // the hip: gamma_s perp(leg) + theta_s perp(upper) = what the bar, arm and lumbar flexion
    // move, and differentiated again
    const Vec2 leg = chain.hip - plan.ankle;
    const Vec2 upper = plan.length[kTrunk] * u_trunk + plan.length[kPelvis] * u_pelvis;
    Eigen::Matrix2d hinge;
    hinge.col(0) = perp(leg);
    hinge.col(1) = perp(upper);
    // singular with the legs and the trunk in line (the hips straight): no plan there
    const double determinant = hinge.determinant();
    if (std::abs(determinant) < 1e-6 * leg.norm() * upper.norm()) return false;
    const Eigen::Matrix2d inverse = hinge.inverse();
    const Vec2 moved_s = p.v_s.bar - term_s(plan.length[kArm], u_arm, p.v_s.arm) -
                         term_s(plan.length[kPelvis], u_pelvis, p.v_s.lumbar);
    const Eigen::Vector2d rates = inverse * moved_s;  // gamma_s, theta_s
    const double pelvis_rate = rates[1] + p.v_s.lumbar;
    const Vec2 moved_ss = p.v_ss.bar - term_ss(plan.length[kArm], u_arm, p.v_s.arm, p.v_ss.arm) +
                          plan.length[kTrunk] * rates[1] * rates[1] * u_trunk -
                          plan.length[kPelvis] * (p.v_ss.lumbar * perp(u_pelvis) -
                                                  pelvis_rate * pelvis_rate * u_pelvis) +
                          rates[0] * rates[0] * leg;
    p.v_s.trunk = rates[1];
    p.v_ss.trunk = (inverse * moved_ss)[1];
  }
  const Vec5 phi = detail::chain_segment_angles(chain, p.v);

  const double pelvis_s = p.v_s.trunk + p.v_s.lumbar;
  const double pelvis_ss = p.v_ss.trunk + p.v_ss.lumbar;
  const Vec2 hip_s = p.v_s.bar - term_s(plan.length[kArm], u_arm, p.v_s.arm) -
                     term_s(plan.length[kTrunk], u_trunk, p.v_s.trunk) -
                     term_s(plan.length[kPelvis], u_pelvis, pelvis_s);
  const Vec2 hip_ss = p.v_ss.bar - term_ss(plan.length[kArm], u_arm, p.v_s.arm, p.v_ss.arm) -
                      term_ss(plan.length[kTrunk], u_trunk, p.v_s.trunk, p.v_ss.trunk) -
                      term_ss(plan.length[kPelvis], u_pelvis, pelvis_s, pelvis_ss);
  // legs: L0 u(phi0) + L1 u(phi1) = H - ankle; differentiate twice
  Eigen::Matrix2d jacobian;
  jacobian.col(0) = plan.length[kShank] * perp(u_shank);
  jacobian.col(1) = plan.length[kThigh] * perp(u_thigh);
  const Eigen::Matrix2d inverse = jacobian.inverse();
  const Eigen::Vector2d leg_s = inverse * hip_s;
  const Vec2 centripetal = plan.length[kShank] * leg_s[0] * leg_s[0] * u_shank +
                           plan.length[kThigh] * leg_s[1] * leg_s[1] * u_thigh;
  const Eigen::Vector2d leg_ss = inverse * (hip_ss + centripetal);

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

// The quintic Hermite polynomial of one interval in monomial form: matches value p, scaled
// slope v = h p' and scaled curvature a = h^2 p'' at both ends (u = 0 and u = 1), so the plan
// is twice continuously differentiable (eq. 5.3).
std::array<Vec5, 6> hermite_coefficients(const Vec5& p0, const Vec5& v0, const Vec5& a0,
                                         const Vec5& p1, const Vec5& v1, const Vec5& a1) {
  const Vec5 dp = p1 - p0;
  return {p0,
          v0,
          0.5 * a0,
          10.0 * dp - 6.0 * v0 - 4.0 * v1 - 1.5 * a0 + 0.5 * a1,
          -15.0 * dp + 8.0 * v0 + 7.0 * v1 + 1.5 * a0 - a1,
          6.0 * dp - 3.0 * v0 - 3.0 * v1 - 0.5 * a0 + 0.5 * a1};
}

// q(s), dq/ds and d2q/ds2 from the interval's coefficients by Horner's rule: no trigonometry
// and no basis functions during integration.
void evaluate_path(const ReferenceMotion& plan, double s, Vec5& q, Vec5& q_s, Vec5& q_ss) {
  constexpr int kNodes = ReferenceMotion::kReferenceNodes;
  const double x = std::clamp(s, 0.0, 1.0) * kNodes;
  const int k = std::min(static_cast<int>(x), kNodes - 1);
  const double u = x - k;
  const std::array<Vec5, 6>& c = plan.path_coeff[k];
  q = c[0] + u * (c[1] + u * (c[2] + u * (c[3] + u * (c[4] + u * c[5]))));
  q_s = kNodes * (c[1] + u * (2.0 * c[2] + u * (3.0 * c[3] + u * (4.0 * c[4] + u * 5.0 * c[5]))));
  q_ss = (kNodes * kNodes) * (2.0 * c[2] + u * (6.0 * c[3] + u * (12.0 * c[4] + u * 20.0 * c[5])));
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

namespace {

// The natural cubic spline's second derivatives through values at N evenly spaced s:
// M_0 = M_n = 0, M_{k-1} + 4 M_k + M_{k+1} = 6 (y_{k-1} - 2 y_k + y_{k+1}) / h^2.
template <std::size_t N>
std::array<double, N> natural_curvature(const std::array<double, N>& y) {
  constexpr int n = N - 1;
  constexpr double h = 1.0 / n;
  std::array<double, N> diagonal{}, rhs{}, curvature{};
  for (int k = 1; k < n; ++k) {
    diagonal[k] = 4.0;
    rhs[k] = 6.0 * (y[k - 1] - 2 * y[k] + y[k + 1]) / (h * h);
  }
  for (int k = 2; k < n; ++k) {  // Thomas algorithm, unit off-diagonals
    const double factor = 1.0 / diagonal[k - 1];
    diagonal[k] -= factor;
    rhs[k] -= factor * rhs[k - 1];
  }
  for (int k = n - 1; k >= 1; --k) curvature[k] = (rhs[k] - curvature[k + 1]) / diagonal[k];
  return curvature;
}

// One node of the plan, at s = k / n: the arm angle that puts the combined centre of mass on
// its path (a straight line from the start's to the lockout's as the bar rises) with the trunk
// some angle below its timing, and how far the bar then lies inside the legs' clearance
// (bar_inside_legs).
class NodeSolver {
 public:
  NodeSolver(const Model& model, const ReferenceMotion& plan, double s)
      : model_(model), plan_(plan), point_(path_point_without_arm(plan, s)) {
    planned_trunk_ = point_.v.trunk;
    double p, p_s, p_ss;
    eased(s, p, p_s, p_ss);
    target_ = plan.com_x[0] + p * (plan.com_x[1] - plan.com_x[0]);
  }

  // The arm angle by secant steps from `guess`, the trunk `lowered` (rad) below its timing;
  // nullopt where the steps fail (the legs out of reach).
  std::optional<double> arm(double lowered, double guess) {
    point_.v.trunk = planned_trunk_ - lowered;
    double a0 = guess, a1 = guess + kStep;
    std::optional<double> r0 = residual(a0), r1 = residual(a1);
    for (int it = 0; it < 20 && r0 && r1; ++it) {
      if (*r1 == *r0) break;
      const double step = std::clamp(-*r1 * (a1 - a0) / (*r1 - *r0), -0.2, 0.2);
      a0 = a1;
      r0 = r1;
      a1 += step;
      r1 = residual(a1);
      if (std::abs(step) < kTolerance || (r1 && std::abs(*r1) < kTolerance)) return a1;
    }
    return std::nullopt;
  }

  // From here on each arm angle tried places the trunk where the knees keep the flexion `knee`
  // (rad; a hip hinge), not on its timing.
  void hold_knees(double knee) { held_knee_ = knee; }

  // How far (m) the bar lies inside the legs' clearance, the trunk `lowered` and the arm at
  // `a`; nullopt where the legs cannot reach. Leaves that posture's chain placed.
  std::optional<double> inside(double lowered, double a) {
    point_.v.trunk = planned_trunk_ - lowered;
    point_.v.arm = a;
    if (!detail::chain_directions(plan_.length, plan_.ankle, point_.v, chain_)) return std::nullopt;
    const double gap = bar_inside_legs(model_, plan_.ankle, chain_.knee, chain_.hip, point_.v.bar);
    return std::isfinite(gap) ? std::optional<double>(gap) : std::nullopt;
  }

  // Whether the legs reach the posture with the trunk `lowered`, inside the joint ranges and
  // with the bar clear; its arm angle (from `guess`) in `arm_there`.
  bool reaches(double lowered, double guess, double& arm_there) {
    const std::optional<double> a = arm(lowered, guess);
    const std::optional<double> gap = a ? inside(lowered, *a) : std::nullopt;
    arm_there = a.value_or(guess);
    return gap && *gap <= kClearTolerance &&
           joint_out_of_range(model_,
                              joint_angles(detail::chain_segment_angles(chain_, point_.v))) < 0;
  }

  // The least lowering that clears the knees, from the arm `arm0` solved on the timing and a
  // first guess `lowering` (0 if none is needed; where the legs cannot reach that far, the
  // clearest posture they can reach); returns the arm there.
  double least_lowering(double arm0, double& lowering) {
    const std::optional<double> gap = inside(0.0, arm0);
    if (!gap || *gap <= kClearTolerance) {
      lowering = 0.0;
      return arm0;
    }
    if (const std::optional<double> a = broyden(arm0, lowering)) return *a;
    return bracket(arm0, *gap, lowering);
  }

 private:
  static constexpr double kStep = 1e-7, kTolerance = 1e-12;
  static constexpr double kClearTolerance = 1e-9;  // m
  static constexpr double kLowerStep = 0.02;       // rad, the bracketing steps of the lowering

  std::optional<double> residual(double a) {
    point_.v.arm = a;
    if (held_knee_) {
      const std::optional<double> trunk =
          detail::hinge_trunk_angle(plan_.length, plan_.ankle, point_.v, *held_knee_);
      if (!trunk) return std::nullopt;
      point_.v.trunk = *trunk;
    }
    if (!detail::chain_directions(plan_.length, plan_.ankle, point_.v, chain_)) {
      return std::nullopt;
    }
    return center_of_mass_x(model_, chain_.u) - target_;
  }

  // Quasi-Newton steps on arm and lowering together from the guess (both residuals are
  // continuous and, away from the knee, smooth in both): the Jacobian by differences once,
  // then Broyden's updates, one evaluation a step. The arm if they converge.
  std::optional<double> broyden(double arm0, double& lowering) {
    auto both = [&](double a, double l) -> std::optional<Eigen::Vector2d> {
      const std::optional<double> g = inside(l, a);  // places the chain
      if (!g) return std::nullopt;
      return Eigen::Vector2d(center_of_mass_x(model_, chain_.u) - target_, *g);
    };
    constexpr double kDelta = 1e-7;
    double a = arm0, l = std::max(lowering, kLowerStep);
    std::optional<Eigen::Vector2d> f = both(a, l);
    const std::optional<Eigen::Vector2d> fa = both(a + kDelta, l);
    const std::optional<Eigen::Vector2d> fl = both(a, l + kDelta);
    if (!f || !fa || !fl) return std::nullopt;
    Eigen::Matrix2d jacobian;
    jacobian << (*fa - *f) / kDelta, (*fl - *f) / kDelta;
    for (int it = 0; it < 16 && f; ++it) {
      if (std::abs((*f)[0]) < kTolerance && std::abs((*f)[1]) < kClearTolerance) {
        lowering = l;
        return a;
      }
      Eigen::Vector2d step = jacobian.partialPivLu().solve(-*f);
      if (!step.allFinite()) break;
      step[0] = std::clamp(step[0], -0.2, 0.2);
      step[1] = std::max(l + std::clamp(step[1], -0.1, 0.1), 0.0) - l;
      const std::optional<Eigen::Vector2d> next = both(a + step[0], l + step[1]);
      if (!next || step.squaredNorm() == 0.0) break;
      jacobian += (*next - *f - jacobian * step) * step.transpose() / step.squaredNorm();
      a += step[0];
      l += step[1];
      f = next;
    }
    return std::nullopt;
  }

  // Where Broyden fails (the legs' reach): bracket the lowering by steps, refine by Illinois
  // steps; `gap` is the clearance shortfall on the timing. Returns the arm at `lowering`.
  double bracket(double arm0, double gap, double& lowering) {
    double l_in = 0.0, g_in = gap, a_in = arm0;  // the bar still inside
    double l_out = 0.0, g_out = 0.0, a_out = arm0;
    bool bracketed = false;
    for (int step = 1; step <= 60 && !bracketed; ++step) {
      const double l = kLowerStep * step;
      const std::optional<double> a = arm(l, a_in);
      const std::optional<double> g = a ? inside(l, *a) : std::nullopt;
      if (!g) break;  // the legs cannot reach
      if (*g <= 0.0) {
        l_out = l, g_out = *g, a_out = *a, bracketed = true;
      } else {
        l_in = l, g_in = *g, a_in = *a;
      }
    }
    lowering = bracketed ? l_out : l_in;
    int kept = 0;  // Illinois: halve the weight of the end kept when the other moved twice
    for (int it = 0; bracketed && it < 60; ++it) {
      const double l = (l_in * g_out - l_out * g_in) / (g_out - g_in);
      const std::optional<double> a = arm(l, a_in);
      const std::optional<double> g = a ? inside(l, *a) : std::nullopt;
      if (!g) break;
      if (*g > 0.0) {
        l_in = l, g_in = *g, a_in = *a;
        if (++kept >= 2) g_out *= 0.5;
      } else {
        l_out = l, g_out = *g, a_out = *a;
        lowering = l;
        kept = 0;
        g_in *= 0.5;
      }
      if (std::abs(*g) < kClearTolerance) break;
    }
    return bracketed ? a_out : a_in;
  }

  const Model& model_;
  const ReferenceMotion& plan_;
  PathPoint point_;
  double planned_trunk_ = 0, target_ = 0;
  std::optional<double> held_knee_;
  detail::ChainDirections chain_;
};

// What a hip hinge's path fails on: the knees held, the legs cannot reach the hips there.
[[noreturn]] void refuse_hinge(const Setup& setup, double s) {
  if (setup.bar_drift > 0.0) {  // the likelier cause
    throw InputError("bar_drift", format_number(setup.bar_drift) + " m",
                     "a hip hinge keeps the knees at lockout_knee_deg all the way, and at " +
                         format_number(std::round(100.0 * s)) +
                         "% of the rise the legs then cannot reach the hips with the bar drifted "
                         "this far and the centre of mass on its path");
  }
  throw InputError("lockout_knee_deg", format_number(setup.lockout_knee_deg) + " deg",
                   "a hip hinge keeps the knees at lockout_knee_deg all the way, and at " +
                       format_number(std::round(100.0 * s)) +
                       "% of the rise the legs then cannot reach the hips with the centre of "
                       "mass on its path (or a joint leaves its range); softer knees, or a "
                       "lockout_balance_point further back (now " +
                       format_number(setup.lockout_balance_point) + " m)");
}

// A plan that cannot be followed: `what` went wrong, and the input most likely to have caused
// it is named by one rule for every such refusal - a drifting bar, else a changed timing, else
// what set the start (`start_field`; under the shoulders rule, which solves the trunk angle,
// the shoulders' place instead of it), each with what to try.
[[noreturn]] void refuse_plan(const Setup& setup, const std::string& what,
                              std::string_view start_field) {
  if (setup.bar_drift > 0.0) {
    throw InputError("bar_drift", format_number(setup.bar_drift) + " m", what + "; less drift");
  }
  if (setup.coordination != 0.0) {
    throw InputError("coordination", format_number(setup.coordination),
                     what + "; try a coordination nearer 0");
  }
  if (start_field == "balance_point") {
    throw InputError("balance_point", format_number(setup.balance_point) + " m", what);
  }
  const std::string balance = "balance_point (now " + format_number(setup.balance_point) + " m)";
  if (setup.posture == "shoulders") {
    throw InputError("shoulder_offset", format_number(setup.shoulder_offset) + " m",
                     what + "; try another shoulder_offset or " + balance);
  }
  throw InputError("trunk_angle_deg", format_number(setup.trunk_angle_deg),
                   what + "; try another trunk angle or " + balance);
}

// A hold stands at lockout for its whole duration: the fields that shape a pull's start and
// path would be ignored, so a value other than the default is refused rather than dropped.
// (Not balance_point: the uncertainty bands draw it for every setup, docs/model.md 9.1; a
// hold balances at lockout_balance_point.)
void refuse_pull_fields_in_a_hold(const Setup& setup) {
  const Setup plain;
  const struct {
    const char* name;
    double value, unset;
    const char* unit;
  } numbers[] = {{"bar_offset", setup.bar_offset, plain.bar_offset, " m"},
                 {"bar_height", setup.bar_height, plain.bar_height, " m"},
                 {"trunk_angle_deg", setup.trunk_angle_deg, plain.trunk_angle_deg, " deg"},
                 {"lumbar_flexion_deg", setup.lumbar_flexion_deg, plain.lumbar_flexion_deg, " deg"},
                 {"coordination", setup.coordination, plain.coordination, ""},
                 {"bar_drift", setup.bar_drift, plain.bar_drift, " m"},
                 {"shoulder_offset", setup.shoulder_offset, plain.shoulder_offset, " m"}};
  for (const auto& field : numbers) {
    if (field.value != field.unset) {
      throw InputError(field.name, exact_number(field.value) + field.unit,
                       "shapes a pull; a hold (motion = \"hold\") stands at lockout for its "
                       "whole duration: leave it at " +
                           format_number(field.unset) + field.unit);
    }
  }
  if (setup.posture != plain.posture) {
    throw InputError("posture", "\"" + setup.posture + "\"",
                     "is a pull's start rule; a hold (motion = \"hold\") stands at lockout");
  }
}

// A planned pull that leaves the legs' reach, or a joint's range, at s: say what went out of
// reach, and name the likely cause (refuse_plan).
[[noreturn]] void refuse_unreachable(const Model& model, const Setup& setup, double s,
                                     bool reachable, const Vec5& q) {
  std::string what = "the legs cannot reach the hips";
  if (const int j = reachable ? joint_out_of_range(model, q) : -1; j >= 0) {
    what = std::string("the ") + kJointNames[j] + " would be at " +
           format_number(std::round(10.0 * q[j] / kDegToRad) / 10.0) + " deg, outside its range [" +
           format_number(model.q_min[j] / kDegToRad) + ", " +
           format_number(model.q_max[j] / kDegToRad) + "] deg";
  }
  refuse_plan(setup,
              "the planned pull is not reachable at " + format_number(std::round(100.0 * s)) +
                  "% of the rise (" + what + ")",
              "trunk_angle_deg");
}

// A deadlift's hips rise from the start. To stay balanced with a bar drifting far from the legs,
// the plan would instead sink them (the knees back, the shank leaning back; at 20 cm of drift
// the hips 24 cm down, below the knees): a squat down in the middle of the pull that no lifter
// makes, and whose loads would not be a deadlift's. The presets, coordination -0.5 to 1 and the
// three lifters keep them within 3 mm of the start; a drifting bar sinks them gradually with
// drift and load (docs/model.md 5.2). `sink` (m) is the most they go below it, at s.
void refuse_sinking_hips(const Setup& setup, double s, double sink) {
  constexpr double kHipSinkTolerance = 0.05;  // m
  if (!(sink > kHipSinkTolerance)) return;
  refuse_plan(setup,
              "to stay balanced the plan would sink the hips " +
                  format_number(std::round(1000 * sink) / 10) + " cm below their start at " +
                  format_number(std::round(100.0 * s)) +
                  "% of the rise, a squat down in the middle of the pull that a deadlift does "
                  "not make",
              "trunk_angle_deg");
}

// A hip hinge's arm angle at every tabulated s, the trunk placed where the knees keep their
// flexion (no timing, no lowering): the centre of mass exactly on its path there. Near lockout
// the legs and the trunk are nearly in line, and the arm nodes' coarser spline would leave the
// legs' reach.
void solve_hinge_arm(const Model& model, ReferenceMotion& plan, const Setup& setup) {
  constexpr int n = ReferenceMotion::kReferenceNodes;
  auto& arm = plan.hinge_arm;
  arm[0] = plan.arm[0];  // the end postures hold it already
  arm[n] = plan.arm[1];
  for (int k = 1; k < n; ++k) {
    const double s = static_cast<double>(k) / n;
    NodeSolver node(model, plan, s);
    node.hold_knees(plan.hinge_knee);
    const std::optional<double> a = node.arm(0.0, k >= 2 ? 2 * arm[k - 1] - arm[k - 2] : arm[0]);
    if (!a) refuse_hinge(setup, s);
    arm[k] = *a;
  }
  plan.hinge_arm_curvature = natural_curvature(arm);
}

// At each spline node the arm angle that puts the combined centre of mass on its path; and the
// trunk held low enough while the bar passes the knees that it passes in front of them: at
// each node where it would not, the least lowering that clears them, with the arm solved
// again for it; every node then held at least the most-needed lowering shaped sin^2 up to it
// and cos^2 after it, as far as the legs reach; the lowering's and the arm's spline
// curvatures (eq. 5.2).
void solve_arm_nodes(const Model& model, ReferenceMotion& plan, const Setup& setup) {
  constexpr int n = ReferenceMotion::kArmNodes;
  auto node_s = [](int k) { return static_cast<double>(k) / n; };

  // pass 1: the trunk on its timing; the lowering each node needs
  plan.lowering_root.fill(0.0);
  plan.lowering_root_curvature.fill(0.0);
  NodeValues needed{};
  plan.arm_node[0] = plan.arm[0];  // the end postures hold it already
  plan.arm_node[n] = plan.arm[1];
  double arm = plan.arm[0];
  for (int k = 1; k < n; ++k) {
    if (k >= 2) arm = 2 * plan.arm_node[k - 1] - plan.arm_node[k - 2];
    needed[k] = needed[k - 1];  // where to start looking
    NodeSolver node(model, plan, node_s(k));
    const std::optional<double> on_timing = node.arm(0.0, arm);
    if (!on_timing) {
      // otherwise where the centre of mass must go
      refuse_plan(setup,
                  "the centre of mass cannot follow its path from the start to the lockout at " +
                      format_number(std::round(100.0 * node_s(k))) +
                      "% of the pull (legs out of reach)",
                  "balance_point");
    }
    plan.arm_node[k] = arm = node.least_lowering(*on_timing, needed[k]);
  }
  // the trunk leaves its timing and rejoins it gradually, from the floor to the knee and from
  // there to lockout (bursts of hip motion otherwise): at least the most needed lowering x
  // sin^2 of the way from the floor to it, and x cos^2 of the way from it to lockout, or as
  // much of that as the legs reach
  const int peak =
      static_cast<int>(std::max_element(needed.begin(), needed.end()) - needed.begin());
  for (int k = 1; k < n && needed[peak] > 0.0; ++k) {
    if (k == peak) continue;
    const double c = k < peak ? std::sin(0.5 * std::numbers::pi * k / peak)
                              : std::cos(0.5 * std::numbers::pi * (k - peak) / (n - peak));
    double lowered = std::max(needed[k], needed[peak] * c * c);
    if (lowered <= needed[k]) continue;
    NodeSolver node(model, plan, node_s(k));
    for (int tries = 0; tries < 8 && lowered > needed[k]; ++tries) {
      double arm_there = 0;
      if (node.reaches(lowered, plan.arm_node[k], arm_there)) {
        plan.arm_node[k] = arm_there;
        needed[k] = lowered;
        break;
      }
      lowered = 0.5 * (lowered + needed[k]);
    }
  }
  // the lowering's spline (of its square root); the arm nodes already hold its trunk
  if (needed[peak] > 0.0) {
    for (int k = 0; k <= n; ++k) plan.lowering_root[k] = std::sqrt(needed[k]);
    plan.lowering_root_curvature = natural_curvature(plan.lowering_root);
  }
  plan.arm_curvature = natural_curvature(plan.arm_node);
}

// How far (m) the bar lies inside the legs' clearance at s on the plan as it stands; nullopt
// where the legs cannot reach.
std::optional<double> planned_inside(const Model& model, const ReferenceMotion& plan, double s) {
  const PathPoint point = path_point(plan, s);
  detail::ChainDirections chain;
  if (!detail::chain_directions(plan.length, plan.ankle, point.v, chain)) return std::nullopt;
  return bar_inside_legs(model, plan.ankle, chain.knee, chain.hip, point.v.bar);
}

// The most the bar lies inside the legs' clearance at the tabulated points strictly inside arm
// interval k (the nodes themselves are held clear by solve_arm_nodes); +inf where the legs
// cannot reach one.
double worst_inside_between(const Model& model, const ReferenceMotion& plan, int k) {
  // the tabulated points: the same that make_reference measures to decide on a correction
  constexpr int per = ReferenceMotion::kReferenceNodes / ReferenceMotion::kArmNodes;
  double worst = -std::numeric_limits<double>::infinity();
  for (int j = 1; j < per; ++j) {
    const double s = static_cast<double>(k * per + j) / ReferenceMotion::kReferenceNodes;
    worst = std::max(
        worst, planned_inside(model, plan, s).value_or(std::numeric_limits<double>::infinity()));
  }
  return worst;
}

// Secant steps on an amount in [0, most] that brings `excess` (m past the tolerance; +inf where
// the legs cannot reach that amount) to zero, from 0 (whose excess is `excess0`) and `first`.
// Where the legs cannot reach, either stop there (`back_off` false) or step back halfway towards
// the last amount they reached. Returns that last amount (0 if none).
template <class Excess>
double secant_amount(Excess&& excess, double excess0, double first, double most, bool back_off) {
  double a0 = 0.0, e0 = excess0, a1 = first, good = 0.0;
  for (int it = 0; it < 16; ++it) {
    const double e1 = excess(a1);
    if (std::isinf(e1)) {
      if (!back_off) break;
      a1 = 0.5 * (good + a1);
      continue;
    }
    good = a1;
    if (std::abs(e1) < 1e-5 || e1 == e0) break;
    const double next = std::clamp(a1 - e1 * (a1 - a0) / (e1 - e0), 0.0, most);
    a0 = a1, e0 = e1, a1 = next;
  }
  return good;
}

// Between the arm nodes the knees can come forward into the bar (docs/model.md 5.2). Where the
// path passes more than kInsideTolerance inside the legs' clearance within an arm interval, the
// trunk is held lower at that interval's inner nodes by the least amount that brings it back to
// kInsideTolerance (secant steps on the amount, the arm solved again at those nodes each time).
// The amount is zero where the path stays within kInsideTolerance, and grows from zero as an
// input takes it past: no step in the loads where a setup crosses it, and pulls within it are
// planned as before.
void keep_bar_out_between_nodes(const Model& model, ReferenceMotion& plan) {
  constexpr int n = ReferenceMotion::kArmNodes;
  constexpr double kMostEarly = 4.0;      // rad per unit s: at most 6 deg of early lowering
  constexpr double kMostLowering = 0.15;  // rad more at a node
  // the first two intervals: the knees come forward as soon as the bar leaves its start,
  // where the nodes' lowering (zero at the start, its square root a spline) could only start
  // quadratically; the early lowering starts with a slope
  {
    auto worst_early = [&] {
      return std::max(worst_inside_between(model, plan, 0), worst_inside_between(model, plan, 1));
    };
    // the early lowering A, with the arm at node 1 (where it lowers the trunk by A / 64)
    // solved again for it; false where the legs cannot reach
    const double arm_at_node = plan.arm_node[1];
    auto lower_early = [&](double a) -> bool {
      plan.early_lowering = a;
      const std::optional<double> arm = NodeSolver(model, plan, 1.0 / n).arm(0.0, arm_at_node);
      if (!arm) return false;
      plan.arm_node[1] = *arm;
      plan.arm_curvature = natural_curvature(plan.arm_node);
      return true;
    };
    const double excess = worst_early() - kInsideTolerance;
    if (excess > 0.0 && !std::isinf(excess)) {
      // where the legs cannot reach an amount, keep the last that they could
      const double good = secant_amount(
          [&](double a) {
            return lower_early(a) ? worst_early() - kInsideTolerance
                                  : std::numeric_limits<double>::infinity();
          },
          excess, std::min(excess / 0.01, kMostEarly), kMostEarly, false);
      if (!lower_early(good)) lower_early(0.0);  // the last that reached (0 always does)
    }
  }
  // the splines are global: a second sweep sees what fixing the later intervals did
  for (int sweep = 0; sweep < 2; ++sweep) {
    for (int k = 1; k < n; ++k) {
      const double excess = worst_inside_between(model, plan, k) - kInsideTolerance;
      if (!(excess > 0.0) || std::isinf(excess)) continue;
      // the interval's inner nodes (the ends of the pull are its start and lockout postures)
      std::array<int, 2> nodes{};
      int count = 0;
      nodes[count++] = k;
      if (k + 1 < n) nodes[count++] = k + 1;
      std::array<double, 2> base_lowering{}, base_arm{};
      std::array<std::optional<NodeSolver>, 2> solvers;
      for (int i = 0; i < count; ++i) {
        base_lowering[i] = plan.lowering_root[nodes[i]] * plan.lowering_root[nodes[i]];
        base_arm[i] = plan.arm_node[nodes[i]];
        solvers[i].emplace(model, plan, static_cast<double>(nodes[i]) / n);  // trunk as planned
      }
      // the plan with the inner nodes' trunk `more` (rad) lower; false where the legs cannot
      // reach it at a node (the plan is then part-way: the loop below sets it again)
      const NodeValues kept_arm = plan.arm_node, kept_root = plan.lowering_root;
      auto lower = [&](double more) -> bool {
        for (int i = 0; i < count; ++i) {
          const std::optional<double> arm = solvers[i]->arm(more, base_arm[i]);
          if (!arm) return false;
          plan.arm_node[nodes[i]] = *arm;
          plan.lowering_root[nodes[i]] = std::sqrt(base_lowering[i] + more);
        }
        plan.arm_curvature = natural_curvature(plan.arm_node);
        plan.lowering_root_curvature = natural_curvature(plan.lowering_root);
        return true;
      };
      // where the legs cannot reach an amount, step back towards the last that they could;
      // about 0.1 m per rad of trunk to start
      const double good = secant_amount(
          [&](double a) {
            return lower(a) ? worst_inside_between(model, plan, k) - kInsideTolerance
                            : std::numeric_limits<double>::infinity();
          },
          excess, std::min(excess / 0.1, kMostLowering), kMostLowering, true);
      if (good == 0.0 || !lower(good)) {
        plan.arm_node = kept_arm;
        plan.lowering_root = kept_root;
        plan.arm_curvature = natural_curvature(plan.arm_node);
        plan.lowering_root_curvature = natural_curvature(plan.lowering_root);
      }
    }
  }
}

}  // namespace

ReferenceMotion make_reference(const Model& model, const Setup& setup) {
  ReferenceMotion plan;
  const bool hold = setup.motion == "hold";
  if (setup.lockout_load == "sides" && !hold) {
    throw InputError("lockout_load", "\"sides\"",
                     "the load at the sides is modelled standing only (motion = \"hold\", a "
                     "carry); a pull with handles beside the legs (a trap bar) is not yet");
  }
  if (setup.lockout_load == "chest" && !hold) {
    throw InputError("lockout_load", "\"chest\"",
                     "the load at the chest is modelled standing only: set motion = \"hold\" "
                     "(a front carry)");
  }
  if (hold && setup.lowering) {
    throw InputError("lowering", "true", "a hold (motion = \"hold\") does not move the load");
  }
  if (hold) refuse_pull_fields_in_a_hold(setup);
  // the shoulders' place is an input only to the rules that read it
  if (setup.shoulder_offset != 0.0 && setup.posture != "shoulders" && setup.posture != "hinge") {
    throw InputError("shoulder_offset", format_number(setup.shoulder_offset) + " m",
                     "is read only with posture = \"shoulders\" or \"hinge\" (this setup's is \"" +
                         setup.posture + "\"): set the posture, or leave it at 0");
  }
  if (setup.walking && !hold) {
    throw InputError("walking", "true",
                     "walking is a carry: it needs motion = \"hold\" (the load held at "
                     "lockout, lockout_load = sides, chest or thighs)");
  }
  plan.lockout = solve_lockout_posture(model, setup);
  // a hold stands at lockout throughout: its "start" is the lockout
  plan.start = hold ? plan.lockout : solve_start_posture(model, setup);
  plan.drift = setup.bar_drift;
  plan.duration = setup.duration;
  plan.coordination = setup.coordination;
  plan.hinge = setup.posture == "hinge";
  plan.hinge_knee = setup.lockout_knee_deg * kDegToRad;
  if (plan.hinge && setup.coordination != 0.0) {
    throw InputError("coordination", format_number(setup.coordination),
                     "a hip hinge (posture = \"hinge\") keeps the knees at lockout_knee_deg "
                     "all the way, so the trunk follows them and has no timing to shape: "
                     "leave coordination at 0");
  }
  plan.lowering = setup.lowering;
  plan.walking = setup.walking;
  plan.lowering_duration = setup.lowering_duration;
  plan.rise_start = setup.motion == "from_hang" ? setup.lowering_duration : 0.0;
  plan.end_time =
      plan.rise_start + setup.duration + (setup.lowering ? setup.lowering_duration : 0.0);
  plan.length = detail::segment_lengths(model);
  plan.ankle = model.ankle;

  const Posture* ends[2] = {&plan.start, &plan.lockout};
  for (int k = 0; k < 2; ++k) {
    const Vec5 phi = segment_angles(ends[k]->q);
    plan.bar_x[k] = ends[k]->landmark[kNumLandmarks - 1].x();
    plan.com_x[k] = ends[k]->center_of_mass.x();
    plan.bar_y[k] = ends[k]->landmark[kNumLandmarks - 1].y();
    plan.trunk[k] = phi[kTrunk];
    plan.lumbar[k] = phi[kPelvis] - phi[kTrunk];
    plan.arm[k] = phi[kArm];
  }
  if (hold) {  // no path: the joint angles stay at the lockout's for the whole duration
    for (auto& interval : plan.path_coeff) {
      interval.fill(Vec5::Zero());
      interval[0] = plan.lockout.q;
    }
    return plan;
  }
  if (plan.bar_y[1] <= plan.bar_y[0] + 0.05) {
    throw InputError("bar_height", format_number(setup.bar_height) + " m",
                     "must be at least 0.05 m below the lockout bar height of " +
                         format_number(plan.bar_y[1]) + " m for this lifter");
  }

  // the bar passes the knee (as it stood at the start) at this eased progress: the drift peaks
  // (a bar that starts at or above the knee never passes it: the drift then peaks mid-rise)
  const double knee_height = plan.start.landmark[1].y();
  plan.knee_progress =
      knee_height <= plan.bar_y[0]
          ? 0.5
          : std::clamp((knee_height - plan.bar_y[0]) / (plan.bar_y[1] - plan.bar_y[0]), 0.1, 0.9);
  if (plan.hinge) {
    solve_hinge_arm(model, plan, setup);
  } else {
    solve_arm_nodes(model, plan, setup);
  }

  // tabulate the path; every node must be reachable and inside the joint ranges; how far the
  // bar passes inside the legs' clearance
  constexpr int kNodes = ReferenceMotion::kReferenceNodes;
  std::array<Vec5, kNodes + 1> node_q, node_q_s, node_q_ss;
  auto tabulate = [&] {
    plan.bar_inside = -std::numeric_limits<double>::infinity();
    double sink = 0.0, sink_s = 0.0;  // the most the hips go below their start, and where
    for (int k = 0; k <= kNodes; ++k) {
      const double s = static_cast<double>(k) / kNodes;
      PlacedLegs placed;
      const bool reachable = path_joints(plan, s, node_q[k], node_q_s[k], node_q_ss[k], placed);
      if (reachable) {
        const double inside =
            bar_inside_legs(model, plan.ankle, placed.knee, placed.hip, placed.bar);
        if (inside > plan.bar_inside) plan.bar_inside = inside, plan.bar_inside_s = s;
      }
      const bool in_range = reachable && joint_out_of_range(model, node_q[k]) < 0;
      if (in_range && plan.start.landmark[2].y() - placed.hip.y() > sink) {
        sink = plan.start.landmark[2].y() - placed.hip.y(), sink_s = s;
      }
      if (!in_range && plan.hinge) refuse_hinge(setup, s);
      if (!in_range && setup.band_forward > 0.0 && setup.coordination == 0.0) {
        // leaning back against the band's pull is what took the path out of reach
        throw InputError("band_forward", format_number(setup.band_forward) + " N",
                         "the planned pull is not reachable at " +
                             format_number(std::round(100.0 * s)) +
                             "% of the rise: balancing the band's pull needs more lean than the "
                             "joints allow; a weaker band, or an anchor further away or higher");
      }
      if (!in_range) refuse_unreachable(model, setup, s, reachable, node_q[k]);
    }
    refuse_sinking_hips(setup, sink_s, sink);
  };
  tabulate();
  // where the knees come forward into the bar between the arm nodes, hold the trunk lower there
  // and tabulate again (most pulls stay within the tolerance and skip this)
  if (!plan.hinge && plan.bar_inside > kInsideTolerance) {
    const ReferenceMotion as_solved = plan;
    keep_bar_out_between_nodes(model, plan);
    try {
      tabulate();
    } catch (const InputError&) {  // held lower, a joint leaves its range: keep the plan as solved
      plan = as_solved;
      tabulate();
    }
  }
  // the passage inside can peak sharply between the tabulated points (the knee coming forward
  // as the bar passes it): where it matters, find the peak by golden-section steps around the
  // worst tabulated point
  if (!plan.hinge && plan.bar_inside > kRefineInside) {  // (planned_inside places no hinge)
    constexpr double kGolden = 0.6180339887498949;
    double lo = std::max(plan.bar_inside_s - 1.0 / kNodes, 0.0);
    double hi = std::min(plan.bar_inside_s + 1.0 / kNodes, 1.0);
    auto inside_at = [&](double s) {
      return planned_inside(model, plan, s).value_or(-std::numeric_limits<double>::infinity());
    };
    double a = hi - kGolden * (hi - lo), b = lo + kGolden * (hi - lo);
    double fa = inside_at(a), fb = inside_at(b);
    for (int it = 0; it < 24; ++it) {
      if (fa > fb) {
        hi = b, b = a, fb = fa, a = hi - kGolden * (hi - lo), fa = inside_at(a);
      } else {
        lo = a, a = b, fa = fb, b = lo + kGolden * (hi - lo), fb = inside_at(b);
      }
    }
    const double s = fa > fb ? a : b, peak = std::max(fa, fb);
    if (peak > plan.bar_inside) plan.bar_inside = peak, plan.bar_inside_s = s;
  }
  constexpr double h = 1.0 / kNodes;
  for (int k = 0; k < kNodes; ++k) {
    plan.path_coeff[k] =
        hermite_coefficients(node_q[k], h * node_q_s[k], h * h * node_q_ss[k], node_q[k + 1],
                             h * node_q_s[k + 1], h * h * node_q_ss[k + 1]);
  }
  return plan;
}

ReferenceState evaluate_reference(const ReferenceMotion& plan, double t) {
  // progress along the path: minimum jerk over a phase of `length` s from `begin`, up
  // (0 -> 1) or down (1 -> 0); s and its time derivatives
  double s = 1.0, ds = 0, dds = 0;
  auto phase = [&](double begin, double length, bool down) {
    minimum_jerk((t - begin) / length, s, ds, dds);
    const double sign = down ? -1.0 : 1.0;
    if (down) s = 1.0 - s;
    ds = sign * ds / length;
    dds = sign * dds / (length * length);
  };
  const double rise_end = plan.rise_start + plan.duration;
  if (t < plan.rise_start) {
    phase(0.0, plan.rise_start, true);  // from the hang down to the start posture
  } else if (t <= rise_end) {
    phase(plan.rise_start, plan.duration, false);
  } else if (plan.lowering) {
    phase(rise_end, plan.lowering_duration, true);
  }
  ReferenceState ref;
  Vec5 q_s, q_ss;
  evaluate_path(plan, s, ref.q, q_s, q_ss);
  ref.qdot = q_s * ds;
  ref.qddot = q_ss * ds * ds + q_s * dds;
  ref.bar_y = plan.bar_y[0] + (s + s * s - s * s * s) * (plan.bar_y[1] - plan.bar_y[0]);
  if (plan.walking) ref.gravity_scale = walking_gravity_scale(t);
  return ref;
}

}  // namespace spineload
