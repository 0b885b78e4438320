// Dynamics of the planar chain (docs/model.md, section 3).
#include "spineload/dynamics.hpp"

#include "spineload/kinematics.hpp"

namespace spineload {

namespace {

// z-component of the planar cross product
inline double cross(const Vec2& a, const Vec2& b) { return a.x() * b.y() - a.y() * b.x(); }
// alpha (z) x r
inline Vec2 spin(double alpha, const Vec2& r) { return {-alpha * r.y(), alpha * r.x()}; }

// Maps absolute-angle quantities to joint space: phi = c + S q with S_ij = s_j for j <= i,
// so (S^T v)_a = s_a * sum_{i>=a} v_i.
inline Vec5 to_joint_space(const Vec5& v_phi) {
  Vec5 out;
  double suffix = 0.0;
  for (int a = kNumJoints - 1; a >= 0; --a) {
    suffix += v_phi[a];
    out[a] = kJointSign[a] * suffix;
  }
  return out;
}

// M(q) from the kinematics already in data (eq. 3.4).
void mass_matrix_from_kinematics(const Model& model, Data& data) {
  const Vec5& c = data.cos_phi;
  const Vec5& s = data.sin_phi;
  // M_phi(i,j) = A_ij cos(phi_i - phi_j) + B_ij sin(phi_i - phi_j); the differences are kept
  // for bias_forces()
  Mat5 m_phi;
  for (int j = 0; j < kNumJoints; ++j) {
    for (int i = 0; i < kNumJoints; ++i) {
      data.cos_diff(i, j) = c[i] * c[j] + s[i] * s[j];
      data.sin_diff(i, j) = s[i] * c[j] - c[i] * s[j];
      m_phi(i, j) = model.mass_cos(i, j) * data.cos_diff(i, j) +
                    model.mass_sin(i, j) * data.sin_diff(i, j);
    }
  }
  // M = S^T M_phi S: M_ab = s_a s_b sum_{i>=a, j>=b} M_phi(i,j), by suffix sums
  for (int i = kNumJoints - 2; i >= 0; --i) m_phi.row(i) += m_phi.row(i + 1);
  for (int j = kNumJoints - 2; j >= 0; --j) m_phi.col(j) += m_phi.col(j + 1);
  for (int b = 0; b < kNumJoints; ++b) {
    for (int a = 0; a < kNumJoints; ++a) {
      data.mass_matrix(a, b) = kJointSign[a] * kJointSign[b] * m_phi(a, b);
    }
  }
}

}  // namespace

void mass_matrix(const Model& model, Data& data, const Vec5& q) {
  forward_kinematics(model, data, q);
  mass_matrix_from_kinematics(model, data);
}

void bias_forces(const Model& model, Data& data, const Vec5& qdot) {
  // absolute angular velocities
  Vec5 omega_sq;
  double omega = 0.0;
  for (int i = 0; i < kNumJoints; ++i) {
    omega += kJointSign[i] * qdot[i];
    omega_sq[i] = omega * omega;
  }
  // h_phi,i = sum_j (A_ij sin x_ij - B_ij cos x_ij) omega_j^2 + gravity term (eq. 3.5); the
  // j = i term vanishes because sin 0 = 0 and B_ii = 0
  Vec5 h_phi;
  for (int i = 0; i < kNumJoints; ++i) {
    double value = data.gravity_scale * (model.gravity_cos[i] * data.cos_phi[i] +
                                         model.gravity_sin[i] * data.sin_phi[i]);
    for (int j = 0; j < kNumJoints; ++j) {
      value += (model.mass_cos(i, j) * data.sin_diff(i, j) -
                model.mass_sin(i, j) * data.cos_diff(i, j)) *
               omega_sq[j];
    }
    h_phi[i] = value;
  }
  data.bias = to_joint_space(h_phi);
}

Vec5 bar_force_torque(const Model& model, const Data& data, const Vec2& f_bar_W) {
  // the bar sits at the end of the chain: dP/dphi_i = L_i (-sin phi_i, cos phi_i)
  Vec5 q_phi;
  for (int i = 0; i < kNumJoints; ++i) {
    q_phi[i] = model.segments[i].length *
               (-data.sin_phi[i] * f_bar_W.x() + data.cos_phi[i] * f_bar_W.y());
  }
  return to_joint_space(q_phi);
}

Vec5 forward_dynamics(const Model& model, Data& data, const Vec5& q, const Vec5& qdot,
                      const Vec5& tau, const Vec2& f_bar_W) {
  forward_kinematics(model, data, q);
  return forward_dynamics_from_kinematics(model, data, qdot, tau, f_bar_W);
}

Vec5 forward_dynamics_from_kinematics(const Model& model, Data& data, const Vec5& qdot,
                                      const Vec5& tau, const Vec2& f_bar_W) {
  mass_matrix_from_kinematics(model, data);
  bias_forces(model, data, qdot);
  data.mass_llt.compute(data.mass_matrix);
  return data.mass_llt.solve(tau + bar_force_torque(model, data, f_bar_W) - data.bias);
}

const Vec5& inverse_dynamics(const Model& model, Data& data, const Vec5& q, const Vec5& qdot,
                             const Vec5& qddot, const Vec2& f_bar_W) {
  forward_kinematics(model, data, q);
  return newton_euler_passes(model, data, qdot, qddot, f_bar_W);
}

const Vec5& newton_euler_passes(const Model& model, Data& data, const Vec5& qdot,
                                const Vec5& qddot, const Vec2& f_bar_W) {
  const Vec2 gravity(0.0, -effective_gravity(model, data));

  // forward pass: angular rates, then accelerations of joints and centres of mass
  double w = 0.0, al = 0.0;
  Vec2 joint_acc(0.0, 0.0);  // the ankle is fixed
  for (int i = 0; i < kNumJoints; ++i) {
    w += kJointSign[i] * qdot[i];
    al += kJointSign[i] * qddot[i];
    data.omega[i] = w;
    data.alpha[i] = al;
    const Vec2 r_com = data.com[i] - data.landmark[i];
    const Vec2 r_next = data.landmark[i + 1] - data.landmark[i];
    data.com_acc[i] = joint_acc + spin(al, r_com) - w * w * r_com;
    joint_acc += spin(al, r_next) - w * w * r_next;
  }
  data.bar_acc = joint_acc;

  // backward pass from the bar: force and moment of the body below on the body above
  data.f_bar_W = f_bar_W;
  data.joint_force_W[kNumJoints] = model.bar_mass * (data.bar_acc - gravity) - f_bar_W;
  data.joint_moment[kNumJoints] = 0.0;
  for (int i = kNumJoints - 1; i >= 0; --i) {
    const Segment& seg = model.segments[i];
    const Vec2 inertial = seg.mass * (data.com_acc[i] - gravity);
    const Vec2 r_com = data.com[i] - data.landmark[i];
    const Vec2 r_next = data.landmark[i + 1] - data.landmark[i];
    data.joint_force_W[i] = inertial + data.joint_force_W[i + 1];
    data.joint_moment[i] = seg.inertia * data.alpha[i] + cross(r_com, inertial) +
                           cross(r_next, data.joint_force_W[i + 1]) + data.joint_moment[i + 1];
    data.tau[i] = kJointSign[i] * data.joint_moment[i];
  }
  return data.tau;
}

GroundReaction ground_reaction(const Model& model, const Data& data) {
  // whole-body momentum balance about the mid-foot origin (the feet do not move): the ground
  // force and the moment of the ground force equal the sum over bodies of m (a - g), and of
  // r x m (a - g) + I alpha, less the external bar force and its moment (eq. 3.8)
  const Vec2 gravity(0.0, -effective_gravity(model, data));
  const Vec2 foot_com(model.heel_x + model.foot.com_along, model.foot.com_perp);
  const Vec2 foot_inertial = -model.foot.mass * gravity;
  Vec2 force = foot_inertial;
  double moment = cross(foot_com, foot_inertial);
  for (int i = 0; i < kNumJoints; ++i) {
    const Vec2 inertial = model.segments[i].mass * (data.com_acc[i] - gravity);
    force += inertial;
    moment += cross(data.com[i], inertial) + model.segments[i].inertia * data.alpha[i];
  }
  const Vec2& bar = data.landmark[kNumLandmarks - 1];
  const Vec2 bar_inertial = model.bar_mass * (data.bar_acc - gravity);
  force += bar_inertial - data.f_bar_W;
  moment += cross(bar, bar_inertial - data.f_bar_W);
  GroundReaction ground;
  ground.force_W = force;
  // the ground force acts at (cop_x, 0): its moment about the origin is cop_x * F_y
  ground.cop_x = moment / force.y();
  return ground;
}

JointLoad l4l5_bottom_up(const Model& model, const Data& data, const GroundReaction& ground) {
  const Vec2 gravity(0.0, -effective_gravity(model, data));
  // foot in static equilibrium: what the foot exerts on the shank at the ankle
  const Vec2 cop(ground.cop_x, 0.0);
  const Vec2 foot_com(model.heel_x + model.foot.com_along, model.foot.com_perp);
  const Vec2& ankle = data.landmark[0];
  Vec2 force = ground.force_W + model.foot.mass * gravity;
  double moment = cross(cop - ankle, ground.force_W) +
                  cross(foot_com - ankle, model.foot.mass * gravity);
  // up through shank, thigh and pelvis: each segment's Newton-Euler equation solved for the
  // load at its distal joint
  for (int i = kShank; i <= kPelvis; ++i) {
    const Segment& seg = model.segments[i];
    const Vec2 inertial = seg.mass * (data.com_acc[i] - gravity);
    const Vec2 r_com = data.com[i] - data.landmark[i];
    const Vec2 r_next = data.landmark[i + 1] - data.landmark[i];
    const Vec2 next_force = force - inertial;
    moment = moment - seg.inertia * data.alpha[i] - cross(r_com, inertial) -
             cross(r_next, next_force);
    force = next_force;
  }
  return {force, moment};
}

}  // namespace spineload
