// Dynamics checked against independent algorithms and against physics that cannot be faked
// (docs/model.md, section 3).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

#include <Eigen/Eigenvalues>

#include "spineload/dynamics.hpp"
#include "spineload/kinematics.hpp"
#include "test_helpers.hpp"

namespace spineload {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kGravity = 9.81;
constexpr int kRandomStates = 50;

// Relative difference, scaled by the larger magnitude (or 1 for values near zero).
double relative_error(const Vec5& a, const Vec5& b) {
  return (a - b).norm() / std::max(1.0, std::max(a.norm(), b.norm()));
}

Vec5 plausible_q(std::mt19937& rng) {
  // around a deadlift start: ankle 10, knee 80, hip 120, lumbar 10, shoulder 50 deg
  Vec5 q;
  q << 0.17, 1.4, 2.1, 0.17, 0.87;
  return q + test::random_vector(rng, 0.4);
}

TEST(Dynamics, MassMatrixSymmetricPositiveDefinite) {
  const Model model = make_model(test::average_male(), 100.0);
  Data data;
  std::mt19937 rng(1);
  for (int k = 0; k < kRandomStates; ++k) {
    mass_matrix(model, data, plausible_q(rng));
    const Mat5& m = data.mass_matrix;
    EXPECT_LT((m - m.transpose()).norm(), test::kRoundOff * m.norm());
    Eigen::SelfAdjointEigenSolver<Mat5> eigen(m);
    EXPECT_GT(eigen.eigenvalues().minCoeff(), 0.0);
  }
}

// The closed-form Lagrangian terms and the recursive Newton-Euler pass are two algorithms:
// RNEA(q, qd, qdd) must equal M qdd + h - J^T f. Also with the arms folded at the chest, whose
// centre of mass lies off the segment's line (the B_ij terms of eq. 3.4).
TEST(Dynamics, InverseDynamicsEqualsLagrangianForm) {
  const Model straight = make_model(test::average_male(), 120.0);
  Data data;
  std::mt19937 rng(2);
  for (int k = 0; k < 2 * kRandomStates; ++k) {
    const Model& model = k < kRandomStates ? straight : with_folded_arms(straight);
    const Vec5 q = plausible_q(rng), qd = test::random_vector(rng, 3.0),
               qdd = test::random_vector(rng, 20.0);
    const Vec2 f_bar(30.0 * (k % 3 - 1), -200.0 * (k % 2));
    const Vec5 tau = inverse_dynamics(model, data, q, qd, qdd, f_bar);
    mass_matrix(model, data, q);
    bias_forces(model, data, qd);
    const Vec5 expected =
        data.mass_matrix * qdd + data.bias - bar_force_torque(model, data, f_bar);
    EXPECT_LT(relative_error(tau, expected), test::kRoundOff) << "state " << k;
  }
}

TEST(Dynamics, MassMatrixColumnsFromInverseDynamics) {
  const Model model = make_model(test::average_female(), 60.0);
  Data data;
  std::mt19937 rng(3);
  const Vec5 q = plausible_q(rng);
  const Vec5 zero = Vec5::Zero();
  const Vec5 gravity_only = inverse_dynamics(model, data, q, zero, zero, Vec2::Zero());
  mass_matrix(model, data, q);
  const Mat5 m = data.mass_matrix;
  for (int j = 0; j < kNumJoints; ++j) {
    const Vec5 column =
        inverse_dynamics(model, data, q, zero, Vec5::Unit(j), Vec2::Zero()) - gravity_only;
    EXPECT_LT(relative_error(column, m.col(j)), test::kRoundOff) << "column " << j;
  }
}

TEST(Dynamics, ForwardDynamicsInvertsInverseDynamics) {
  const Model model = make_model(test::average_male(), 100.0);
  Data data;
  std::mt19937 rng(4);
  for (int k = 0; k < kRandomStates; ++k) {
    const Vec5 q = plausible_q(rng), qd = test::random_vector(rng, 3.0),
               tau = test::random_vector(rng, 300.0);
    const Vec2 f_bar(0.0, -150.0);
    const Vec5 qdd = forward_dynamics(model, data, q, qd, tau, f_bar);
    const Vec5 back = inverse_dynamics(model, data, q, qd, qdd, f_bar);
    EXPECT_LT(relative_error(back, tau), test::kRoundOff) << "state " << k;
  }
}

// Static equilibrium by hand: at rest the L4-L5 moment is the weight of everything above it
// times its horizontal distance from L4-L5, and the net force is that weight, straight up.
TEST(Dynamics, StaticL4L5LoadByHand) {
  const Model model = make_model(test::average_male(), 100.0);
  Data data;
  std::mt19937 rng(5);
  for (int k = 0; k < 10; ++k) {
    const Vec5 q = plausible_q(rng);
    const Vec5 zero = Vec5::Zero();
    inverse_dynamics(model, data, q, zero, zero, Vec2::Zero());

    // hand calculation from the joint angles alone
    const Vec5 phi = segment_angles(q);
    auto dir = [&](int i) { return Vec2(std::cos(phi[i]), std::sin(phi[i])); };
    Vec2 l4l5 = model.ankle;
    for (int i = kShank; i <= kPelvis; ++i) l4l5 += model.segments[i].length * dir(i);
    const Vec2 shoulder = l4l5 + model.segments[kTrunk].length * dir(kTrunk);
    const Vec2 bar = shoulder + model.segments[kArm].length * dir(kArm);
    const Vec2 trunk_com = l4l5 + model.segments[kTrunk].com_along * dir(kTrunk);
    const Vec2 arm_com = shoulder + model.segments[kArm].com_along * dir(kArm);
    const double m_trunk = model.segments[kTrunk].mass, m_arm = model.segments[kArm].mass;
    const double weight = kGravity * (m_trunk + m_arm + model.bar_mass);
    const double moment = kGravity * (m_trunk * (trunk_com.x() - l4l5.x()) +
                                      m_arm * (arm_com.x() - l4l5.x()) +
                                      model.bar_mass * (bar.x() - l4l5.x()));

    EXPECT_NEAR(data.joint_moment[kTrunk], moment, test::kRoundOff * std::abs(moment));
    EXPECT_NEAR(data.joint_force_W[kTrunk].x(), 0.0, test::kRoundOff * weight);
    EXPECT_NEAR(data.joint_force_W[kTrunk].y(), weight, test::kRoundOff * weight);
  }
}

// Top-down (RNEA from the bar) and bottom-up (ground reaction up through the legs) L4-L5 loads
// at arbitrary dynamic states.
TEST(Dynamics, TopDownEqualsBottomUp) {
  const Model model = make_model(test::average_male(), 140.0);
  Data data;
  std::mt19937 rng(6);
  for (int k = 0; k < kRandomStates; ++k) {
    const Vec5 q = plausible_q(rng), qd = test::random_vector(rng, 3.0),
               qdd = test::random_vector(rng, 20.0);
    const Vec2 f_bar(0.0, -100.0 * (k % 2));
    inverse_dynamics(model, data, q, qd, qdd, f_bar);
    const GroundReaction ground = ground_reaction(model, data);
    const JointLoad bottom_up = l4l5_bottom_up(model, data, ground);
    const double force_scale = data.joint_force_W[kTrunk].norm();
    EXPECT_LT((bottom_up.force_W - data.joint_force_W[kTrunk]).norm(),
              test::kRoundOff * force_scale);
    EXPECT_NEAR(bottom_up.moment, data.joint_moment[kTrunk],
                test::kRoundOff * std::max(1.0, std::abs(data.joint_moment[kTrunk])));
    // and the ankle moment recovered from the ground reaction matches the RNEA's
  }
}

// Ground reaction at rest = total weight, centre of pressure under the centre of mass.
TEST(Dynamics, GroundReactionAtRest) {
  const Model model = make_model(test::average_male(), 100.0);
  Data data;
  std::mt19937 rng(7);
  const Vec5 q = plausible_q(rng), zero = Vec5::Zero();
  inverse_dynamics(model, data, q, zero, zero, Vec2::Zero());
  const GroundReaction ground = ground_reaction(model, data);
  const double weight = kGravity * (model.body_mass + model.bar_mass);
  EXPECT_NEAR(ground.force_W.y(), weight, test::kRoundOff * weight);
  EXPECT_NEAR(ground.force_W.x(), 0.0, test::kRoundOff * weight);
  EXPECT_NEAR(ground.cop_x, center_of_mass(model, data).x(), 1e-12);
}

// The arm and bar swinging about a fixed shoulder is a physical pendulum: with the other joints
// held, the shoulder row of M and h must give T = 2 pi sqrt(I_pivot / (m g d)).
TEST(Dynamics, ArmPendulumPeriod) {
  const Model model = make_model(test::average_male(), 20.0);
  const Segment& arm = model.segments[kArm];
  const double pivot_inertia = arm.inertia + arm.mass * arm.com_along * arm.com_along +
                               model.bar_mass * arm.length * arm.length;
  const double mass_distance = arm.mass * arm.com_along + model.bar_mass * arm.length;
  const double period = 2.0 * kPi * std::sqrt(pivot_inertia / (kGravity * mass_distance));

  // hold an upright body; the arm hangs at shoulder angle 0 when vertical
  Vec5 q = Vec5::Zero();
  const double amplitude = 0.01;  // rad: small-angle period within 1e-5
  q[kArm] = amplitude;
  double velocity = 0.0;
  Data data;
  auto acceleration = [&](double angle, double rate) {
    Vec5 qq = q, qd = Vec5::Zero();
    qq[kArm] = angle;
    qd[kArm] = rate;
    mass_matrix(model, data, qq);
    bias_forces(model, data, qd);
    return -data.bias[kArm] / data.mass_matrix(kArm, kArm);
  };
  // classic RK4 with a fixed step; count downward zero crossings of the angle
  const double dt = 1e-4;
  double angle = amplitude, t = 0.0, first_crossing = -1.0, last_crossing = -1.0;
  int crossings = 0;
  while (crossings < 6) {
    const double k1a = velocity, k1v = acceleration(angle, velocity);
    const double k2a = velocity + 0.5 * dt * k1v,
                 k2v = acceleration(angle + 0.5 * dt * k1a, velocity + 0.5 * dt * k1v);
    const double k3a = velocity + 0.5 * dt * k2v,
                 k3v = acceleration(angle + 0.5 * dt * k2a, velocity + 0.5 * dt * k2v);
    const double k4a = velocity + dt * k3v, k4v = acceleration(angle + dt * k3a, velocity + dt * k3v);
    const double next = angle + dt / 6 * (k1a + 2 * k2a + 2 * k3a + k4a);
    velocity += dt / 6 * (k1v + 2 * k2v + 2 * k3v + k4v);
    if (angle > 0 && next <= 0) {
      const double crossing = t + dt * angle / (angle - next);
      if (first_crossing < 0) first_crossing = crossing;
      last_crossing = crossing;
      ++crossings;
    }
    angle = next;
    t += dt;
  }
  const double measured = (last_crossing - first_crossing) / (crossings - 1);
  EXPECT_NEAR(measured / period, 1.0, 1e-5);
}

// With zero joint torque the chain is conservative: kinetic (1/2 qd' M qd) plus potential
// energy (from the centres of mass, not from M) stays constant.
TEST(Dynamics, EnergyConservedWithoutTorque) {
  for (const bool folded : {false, true}) {  // the arms straight, and folded at the chest
    const Model straight = make_model(test::average_male(), 50.0);
    const Model model = folded ? with_folded_arms(straight) : straight;
    Data data;
    auto energy = [&](const Vec5& q, const Vec5& qd) {
      mass_matrix(model, data, q);
      double potential = model.bar_mass * kGravity * data.landmark[kNumLandmarks - 1].y();
      for (int i = 0; i < kNumJoints; ++i) {
        potential += model.segments[i].mass * kGravity * data.com[i].y();
      }
      return 0.5 * qd.dot(data.mass_matrix * qd) + potential;
    };
    Vec5 q, qd;
    q << 0.1, 0.8, 1.2, 0.2, 0.5;
    qd << 0.5, -1.0, 0.8, 0.3, -0.6;
    const double e0 = energy(q, qd);
    const Vec5 zero = Vec5::Zero();
    auto accel = [&](const Vec5& qq, const Vec5& vv) {
      return Vec5(forward_dynamics(model, data, qq, vv, zero, Vec2::Zero()));
    };
    const double dt = 2e-5;
    double drift = 0.0, scale = 0.0;
    for (int step = 0; step < 25000; ++step) {  // 0.5 s of free, chaotic motion
      const Vec5 k1q = qd, k1v = accel(q, qd);
      const Vec5 k2q = qd + 0.5 * dt * k1v, k2v = accel(q + 0.5 * dt * k1q, qd + 0.5 * dt * k1v);
      const Vec5 k3q = qd + 0.5 * dt * k2v, k3v = accel(q + 0.5 * dt * k2q, qd + 0.5 * dt * k2v);
      const Vec5 k4q = qd + dt * k3v, k4v = accel(q + dt * k3q, qd + dt * k3v);
      q += dt / 6 * (k1q + 2 * k2q + 2 * k3q + k4q);
      qd += dt / 6 * (k1v + 2 * k2v + 2 * k3v + k4v);
      drift = std::max(drift, std::abs(energy(q, qd) - e0));
      scale = std::max(scale, 0.5 * qd.dot(data.mass_matrix * qd));
    }
    EXPECT_GT(scale, 10.0);  // the chain really moved (J of kinetic energy)
    EXPECT_LT(drift / scale, 1e-6) << (folded ? "folded arms" : "straight arms");
  }
}

}  // namespace
}  // namespace spineload
