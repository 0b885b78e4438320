// Closed-form placement of the chain from "posture variables" (docs/model.md, eq. 4.1-4.3):
// the bar position, trunk angle, lumbar flexion and arm angle fix the shoulder, L4-L5 and hip;
// the two-link leg then reaches the hip with the knee in front.
#pragma once

#include <algorithm>
#include <cmath>
#include <numbers>

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

/// Absolute angles of shank and thigh that put the hip at `hip`, knee in front. Returns false
/// when the hip is farther than the straight leg or nearer than the folded leg.
inline bool leg_angles(const std::array<double, kNumJoints>& length, const Vec2& ankle,
                       const Vec2& hip, double& shank, double& thigh) {
  const Vec2 d = hip - ankle;
  const double distance = d.norm();
  const double l0 = length[kShank], l1 = length[kThigh];
  if (distance > l0 + l1 || distance < std::abs(l0 - l1)) return false;
  const double cos_beta = (l0 * l0 + distance * distance - l1 * l1) / (2.0 * l0 * distance);
  const double beta = std::acos(std::clamp(cos_beta, -1.0, 1.0));
  const double cos_gamma = (l0 * l0 + l1 * l1 - distance * distance) / (2.0 * l0 * l1);
  const double knee_flexion = std::numbers::pi - std::acos(std::clamp(cos_gamma, -1.0, 1.0));
  // the knee lies clockwise of the ankle->hip line, i.e. in front of it
  shank = std::atan2(d.y(), d.x()) - beta;
  thigh = shank + knee_flexion;
  return true;
}

/// All five absolute angles for the posture variables; false if the legs cannot reach.
inline bool chain_angles(const std::array<double, kNumJoints>& length, const Vec2& ankle,
                         const PostureVariables& v, Vec5& phi) {
  double shank = 0, thigh = 0;
  if (!leg_angles(length, ankle, hip_position(length, v), shank, thigh)) return false;
  phi << shank, thigh, v.trunk + v.lumbar, v.trunk, v.arm;
  return true;
}

/// The five segments' directions u_i = (cos phi_i, sin phi_i) and the knee and hip for the
/// posture variables: chain_angles without its inverse trigonometry (the legs by the law of
/// cosines), for the planner's solves, which place the chain thousands of times a pull.
struct ChainDirections {
  std::array<Vec2, kNumJoints> u;
  Vec2 knee, hip;
};

/// False where the legs cannot reach the hip (as chain_angles).
inline bool chain_directions(const std::array<double, kNumJoints>& length, const Vec2& ankle,
                             const PostureVariables& v, ChainDirections& chain) {
  chain.u[kArm] = unit(v.arm);
  chain.u[kTrunk] = unit(v.trunk);
  chain.u[kPelvis] = unit(v.trunk + v.lumbar);
  chain.hip = v.bar - length[kArm] * chain.u[kArm] - length[kTrunk] * chain.u[kTrunk] -
              length[kPelvis] * chain.u[kPelvis];
  const Vec2 d = chain.hip - ankle;
  const double distance = d.norm();
  const double l0 = length[kShank], l1 = length[kThigh];
  if (distance > l0 + l1 || distance < std::abs(l0 - l1)) return false;
  // the shank turns clockwise of the ankle->hip line by beta (knee in front)
  const double cos_beta =
      std::clamp((l0 * l0 + distance * distance - l1 * l1) / (2.0 * l0 * distance), -1.0, 1.0);
  const double sin_beta = std::sqrt(1.0 - cos_beta * cos_beta);
  const Vec2 e = d / distance;
  chain.u[kShank] = {e.x() * cos_beta + e.y() * sin_beta, e.y() * cos_beta - e.x() * sin_beta};
  chain.knee = ankle + l0 * chain.u[kShank];
  chain.u[kThigh] = (chain.hip - chain.knee) / l1;
  return true;
}

inline std::array<double, kNumJoints> segment_lengths(const Model& model) {
  std::array<double, kNumJoints> length{};
  for (int i = 0; i < kNumJoints; ++i) length[i] = model.segments[i].length;
  return length;
}

}  // namespace spineload::detail
