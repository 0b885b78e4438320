// Joint strength at a joint velocity (docs/model.md 5.3).
#include "spineload/strength.hpp"

#include <algorithm>
#include <cmath>

#include "detail/sin_cos.hpp"

namespace spineload {

namespace {

// The curves' bodies, inlined into torque_limits (fifteen calls a sample otherwise).
[[gnu::always_inline]] inline double velocity_factor_of(double c4, double c5, double w,
                                                        const EccentricShape& eccentric) {
  if (c4 <= 0.0) return 1.0;
  if (w < 0.0) return 1.0 + eccentric.gain * -w / (-w + eccentric.half_speed);
  const double f = (2 * c4 * c5 + w * (c5 - 3 * c4)) / (2 * c4 * c5 + w * (2 * c5 - 4 * c4));
  return std::max(f, kMinVelocityFactor);
}

[[gnu::always_inline]] inline double angle_factor_of(const JointAngleShape& shape, double theta) {
  const double held = std::clamp(theta, shape.lo, shape.hi);
  const double f = shape.width > 0.0 ? detail::cos_of(shape.width * (held - shape.peak))
                                     : 1.0 + shape.slope * held;
  return std::max(f, kMinAngleFactor);
}

}  // namespace

double velocity_factor(double c4, double c5, double w, const EccentricShape& eccentric) {
  return velocity_factor_of(c4, c5, w, eccentric);
}

double angle_factor(const JointAngleShape& shape, double theta) {
  return angle_factor_of(shape, theta);
}

TorqueLimits torque_limits(const Model& model, const Vec5& q, const Vec5& qdot) {
  TorqueLimits out;
  for (int j = 0; j < kNumJoints; ++j) {
    const JointVelocityShape& v = model.velocity_shape[j];
    // extension torque is negative: it is concentric while the joint extends (qdot < 0)
    out.lower[j] = -model.torque_max[j] * angle_factor_of(model.extension_angle_shape[j], q[j]) *
                   velocity_factor_of(v.extension_c4, v.extension_c5, -qdot[j], model.eccentric);
    out.upper[j] = model.torque_max[j] *
                   velocity_factor_of(v.flexion_c4, v.flexion_c5, qdot[j], model.eccentric);
  }
  return out;
}

}  // namespace spineload
