// Forward kinematics (docs/model.md, eq. 3.1-3.2).
#include "spineload/kinematics.hpp"

#include <cmath>
#include <numbers>

#include "detail/sin_cos.hpp"

namespace spineload {

namespace {
constexpr double kHalfPi = 0.5 * std::numbers::pi;
}

Vec5 segment_angles(const Vec5& q) {
  // phi_i = pi/2 + sum_{j<=i} s_j q_j, and the arm hangs from the shoulder (-pi)
  Vec5 phi;
  double sum = kHalfPi;
  for (int i = 0; i < kNumJoints; ++i) {
    sum += kJointSign[i] * q[i];
    phi[i] = sum;
  }
  phi[kArm] -= std::numbers::pi;
  return phi;
}

Vec5 joint_angles(const Vec5& phi) {
  Vec5 q;
  double previous = kHalfPi;
  for (int i = 0; i < kNumJoints; ++i) {
    const double current = (i == kArm) ? phi[i] + std::numbers::pi : phi[i];
    q[i] = kJointSign[i] * (current - previous);
    previous = current;
  }
  return q;
}

void forward_kinematics(const Model& model, Data& data, const Vec5& q) {
  data.phi = segment_angles(q);
  data.landmark[0] = model.ankle;
  for (int i = 0; i < kNumJoints; ++i) {
    const auto [s, c] = detail::sin_cos(data.phi[i]);
    data.cos_phi[i] = c;
    data.sin_phi[i] = s;
    const Segment& seg = model.segments[i];
    const Vec2 along(c, s);
    const Vec2 anterior(s, -c);  // clockwise perpendicular: anterior when the segment is upright
    data.com[i] = data.landmark[i] + seg.com_along * along + seg.com_perp * anterior;
    data.landmark[i + 1] = data.landmark[i] + seg.length * along;
  }
}

Vec2 center_of_mass(const Model& model, const Data& data) {
  Vec2 weighted = model.bar_mass * data.landmark[kNumLandmarks - 1];
  weighted.x() += model.foot.mass * (model.heel_x + model.foot.com_along);
  weighted.y() += model.foot.mass * model.foot.com_perp;
  double mass = model.bar_mass + model.foot.mass;
  for (int i = 0; i < kNumJoints; ++i) {
    weighted += model.segments[i].mass * data.com[i];
    mass += model.segments[i].mass;
  }
  return weighted / mass;
}

double center_of_mass_x(const Model& model, const Vec5& q) {
  const Vec5 phi = segment_angles(q);
  std::array<Vec2, kNumJoints> u;
  for (int i = 0; i < kNumJoints; ++i) {
    const auto [s, c] = detail::sin_cos(phi[i]);
    u[i] = {c, s};
  }
  return center_of_mass_x(model, u);
}

double center_of_mass_x(const Model& model, const std::array<Vec2, kNumJoints>& u) {
  double joint_x = model.ankle.x();
  double weighted = model.foot.mass * (model.heel_x + model.foot.com_along);
  double mass = model.foot.mass + model.bar_mass;
  for (int i = 0; i < kNumJoints; ++i) {
    const Segment& seg = model.segments[i];
    weighted += seg.mass * (joint_x + seg.com_along * u[i].x() + seg.com_perp * u[i].y());
    mass += seg.mass;
    joint_x += seg.length * u[i].x();
  }
  return (weighted + model.bar_mass * joint_x) / mass;
}

}  // namespace spineload
