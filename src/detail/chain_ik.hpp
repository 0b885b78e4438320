// Closed-form placement of the chain from "posture variables" (docs/model.md, eq. 4.1-4.3):
// the bar position, trunk angle, lumbar flexion and arm angle fix the shoulder, L4-L5 and hip;
// the two-link leg then reaches the hip with the knee in front.
#pragma once

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>

#include "sin_cos.hpp"
#include "spineload/model.hpp"

namespace spineload::detail {

struct PostureVariables {
  Vec2 bar{0, 0};     // m
  double trunk = 0;   // rad, absolute angle of L4-L5 -> shoulder
  double lumbar = 0;  // rad, flexion (pelvis angle = trunk + lumbar)
  double arm = 0;     // rad, absolute angle of shoulder -> hand
};

inline Vec2 unit(double angle) {
  const auto [s, c] = sin_cos(angle);
  return {c, s};
}

/// Hip position for the posture variables.
inline Vec2 hip_position(const std::array<double, kNumJoints>& length, const PostureVariables& v) {
  return v.bar - length[kArm] * unit(v.arm) - length[kTrunk] * unit(v.trunk) -
         length[kPelvis] * unit(v.trunk + v.lumbar);
}

/// The five segments' directions u_i = (cos phi_i, sin phi_i) and the knee and hip for the
/// posture variables, the legs by the law of cosines without inverse trigonometry: the
/// planner's solves place the chain thousands of times a pull and need no angles.
struct ChainDirections {
  std::array<Vec2, kNumJoints> u;
  Vec2 knee, hip;
};

/// False where the legs cannot reach the hip.
inline bool chain_directions(const std::array<double, kNumJoints>& length, const Vec2& ankle,
                             const PostureVariables& v, ChainDirections& chain) {
  chain.u[kArm] = unit(v.arm);
  chain.u[kTrunk] = unit(v.trunk);
  chain.u[kPelvis] = unit(v.trunk + v.lumbar);
  chain.hip = v.bar - length[kArm] * chain.u[kArm] - length[kTrunk] * chain.u[kTrunk] -
              length[kPelvis] * chain.u[kPelvis];
  const Vec2 d = chain.hip - ankle;
  const double l0 = length[kShank], l1 = length[kThigh];
  // in squared distances, D^2 = |d|^2: no square root of D and one division fewer on the path
  // every planner solve waits on (1 / D^2 runs beside the square root below, off that path)
  const double distance2 = d.squaredNorm();
  if (distance2 > (l0 + l1) * (l0 + l1) || distance2 < (l0 - l1) * (l0 - l1) || distance2 == 0.0) {
    return false;
  }
  const double inverse_distance2 = 1.0 / distance2, inverse_l1 = 1.0 / l1;
  // the shank turns clockwise of the ankle->hip line by beta in [0, pi] (knee in front):
  // D cos beta = a by the law of cosines, D sin beta = b = sqrt(D^2 - a^2), and
  // u_shank = (a d + b perp) / D^2 with perp = (d.y, -d.x), d turned clockwise
  const double a = (l0 * l0 + distance2 - l1 * l1) * (0.5 / l0);
  const double b = std::sqrt(std::max(0.0, distance2 - a * a));
  chain.u[kShank] = Vec2{a * d.x() + b * d.y(), a * d.y() - b * d.x()} * inverse_distance2;
  chain.knee = ankle + l0 * chain.u[kShank];
  chain.u[kThigh] = (chain.hip - chain.knee) * inverse_l1;
  return true;
}

/// The absolute segment angles of a placed chain: the shank's from its direction, the thigh's
/// as the shank's plus the knee's flexion (counter-clockwise from the shank, in [0, pi] up to
/// round-off for a knee in front), so a thigh leaning back past horizontal is not wrapped.
inline Vec5 chain_segment_angles(const ChainDirections& chain, const PostureVariables& v) {
  const Vec2 &shank = chain.u[kShank], &thigh = chain.u[kThigh];
  const double shank_angle = std::atan2(shank.y(), shank.x());
  const double knee_flexion =
      std::atan2(shank.x() * thigh.y() - shank.y() * thigh.x(), shank.dot(thigh));
  Vec5 phi;
  phi << shank_angle, shank_angle + knee_flexion, v.trunk + v.lumbar, v.trunk, v.arm;
  return phi;
}

/// All five absolute angles for the posture variables; false if the legs cannot reach.
inline bool chain_angles(const std::array<double, kNumJoints>& length, const Vec2& ankle,
                         const PostureVariables& v, Vec5& phi) {
  ChainDirections chain;
  if (!chain_directions(length, ankle, v, chain)) return false;
  phi = chain_segment_angles(chain, v);
  return true;
}

/// A hip hinge's trunk angle (docs/model.md 4.2, 5.2): with the hands at v.bar, the arm at v.arm
/// and the lumbar flexion v.lumbar, the trunk angle that puts the hip as far from the ankle as the
/// legs span with the knees flexed by `knee` (rad). The pelvis and trunk are one rigid body below
/// the shoulder, shoulder - hip = R u(trunk + delta), so |shoulder - ankle - R u(alpha)| = leg
/// gives cos(alpha - beta) = c; of the two roots the one with the hips further back. nullopt
/// where no trunk angle reaches.
inline std::optional<double> hinge_trunk_angle(const std::array<double, kNumJoints>& length,
                                               const Vec2& ankle, const PostureVariables& v,
                                               double knee) {
  const Vec2 rigid = length[kTrunk] * unit(0.0) + length[kPelvis] * unit(v.lumbar);
  const double radius = rigid.norm(), delta = std::atan2(rigid.y(), rigid.x());
  const double leg_squared = length[kShank] * length[kShank] + length[kThigh] * length[kThigh] +
                             2 * length[kShank] * length[kThigh] * std::cos(knee);
  const Vec2 w = v.bar - length[kArm] * unit(v.arm) - ankle;  // ankle -> shoulder
  const double c = (w.squaredNorm() + radius * radius - leg_squared) / (2 * radius * w.norm());
  if (!(std::abs(c) <= 1.0)) return std::nullopt;
  return std::atan2(w.y(), w.x()) - std::acos(c) - delta;
}

inline std::array<double, kNumJoints> segment_lengths(const Model& model) {
  std::array<double, kNumJoints> length{};
  for (int i = 0; i < kNumJoints; ++i) length[i] = model.segments[i].length;
  return length;
}

}  // namespace spineload::detail
