// Loads of one state (docs/model.md, sections 3.6-3.8 and 6).
#include "spineload/loads.hpp"

#include "spineload/kinematics.hpp"

namespace spineload {

StateLoads loads_of_state(const Model& model, Data& data, const Vec5& q, const Vec5& qdot,
                          const Vec5& qddot, const Vec2& f_bar_W, const SpineInputs& inputs) {
  inverse_dynamics(model, data, q, qdot, qddot, f_bar_W);
  return loads_from_passes(model, data, inputs);
}

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
  const double gravity_stiffness =
      -model.gravity * (model.segments[kTrunk].mass * (data.com[kTrunk].y() - l4l5_y) +
                        hanging * (data.landmark[kArm].y() - l4l5_y));
  out.l4l5.stability = out.l4l5.stiffness + gravity_stiffness;
  out.l4l5_position = data.landmark[kTrunk];
  out.bar_position = data.landmark[kNumLandmarks - 1];
  return out;
}

}  // namespace spineload
