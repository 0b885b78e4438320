// Loads of one state (docs/model.md, sections 3.6-3.8 and 6).
#include "spineload/loads.hpp"

#include "spineload/kinematics.hpp"

namespace spineload {

StateLoads loads_of_state(const Model& model, Data& data, const Vec5& q, const Vec5& qdot,
                          const Vec5& qddot, const Vec2& f_bar_W, const SpineInputs& inputs) {
  inverse_dynamics(model, data, q, qdot, qddot, f_bar_W);
  return loads_from_passes(model, data, inputs);
}

namespace {

double cross(const Vec2& a, const Vec2& b) { return a.x() * b.y() - a.y() * b.x(); }

// The load of everything above the L5-S1 disc at `l5s1` (eq. 6.10): the L4-L5 load carried
// down through the part of the pelvis between the two discs, which moves with the pelvis
// (Newton-Euler on that part, as in the backward pass of 3.6).
JointLoad l5s1_net_load(const Model& model, const Data& data, const Vec2& l5s1) {
  const Segment& above = model.pelvis_above_l5s1;
  const Vec2 along(data.cos_phi[kPelvis], data.sin_phi[kPelvis]);
  const Vec2& l4l5 = data.landmark[kTrunk];
  const Vec2 com = l5s1 + above.com_along * along;
  // its centre's acceleration from the pelvis centre's: a + alpha x r - omega^2 r
  const Vec2 r = com - data.com[kPelvis];
  const double omega = data.omega[kPelvis], alpha = data.alpha[kPelvis];
  const Vec2 acc = data.com_acc[kPelvis] + alpha * Vec2(-r.y(), r.x()) - omega * omega * r;
  const Vec2 inertial = above.mass * (acc - Vec2(0, -effective_gravity(model, data)));
  const Vec2& f_l4l5 = data.joint_force_W[kTrunk];
  return {f_l4l5 + inertial, data.joint_moment[kTrunk] + cross(l4l5 - l5s1, f_l4l5) +
                                 cross(com - l5s1, inertial) + above.inertia * alpha};
}

}  // namespace

StateLoads loads_from_passes(const Model& model, const Data& data, const SpineInputs& inputs) {
  StateLoads out;
  out.tau = data.tau;
  out.ground = ground_reaction(model, data);
  // the trunk's proximal joint is L4-L5: what the pelvis exerts on the trunk there
  out.l4l5 = l4l5_loads(model.spine, inputs, data.phi[kPelvis], data.phi[kTrunk],
                        data.joint_force_W[kTrunk], data.joint_moment[kTrunk]);
  // gravity on the trunk, and on the arms and bar hanging from the shoulder, turns the trunk
  // further the further it turns about L4-L5: d^2 V / d theta^2 = -sum m g (y - y_L4L5) (eq. 6.9)
  const double l4l5_y = data.landmark[kTrunk].y();
  const double hanging = model.segments[kArm].mass + model.bar_mass;
  const double gravity_stiffness = -effective_gravity(model, data) *
                                   (model.segments[kTrunk].mass * (data.com[kTrunk].y() - l4l5_y) +
                                    hanging * (data.landmark[kArm].y() - l4l5_y));
  out.l4l5.stability = out.l4l5.stiffness + gravity_stiffness;
  out.l4l5_position = data.landmark[kTrunk];
  out.l5s1_position = out.l4l5_position -
                      model.l5s1_below_l4l5 * Vec2(data.cos_phi[kPelvis], data.sin_phi[kPelvis]);
  const JointLoad l5s1 = l5s1_net_load(model, data, out.l5s1_position);
  out.l5s1 = l5s1_loads(model.spine, data.phi[kPelvis], data.phi[kTrunk], l5s1.force_W, l5s1.moment,
                        out.l4l5, out.l4l5_position - out.l5s1_position);
  out.bar_position = data.landmark[kNumLandmarks - 1];
  return out;
}

}  // namespace spineload
