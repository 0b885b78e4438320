// One pull: plan, integrate, load (docs/model.md, sections 5-7).
#include "spineload/simulate.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <boost/numeric/odeint.hpp>

#include "spineload/dynamics.hpp"
#include "spineload/error.hpp"
#include "spineload/kinematics.hpp"
#include "spineload/reference.hpp"
#include "spineload/spine.hpp"

namespace spineload {

const char* version() { return SPINELOAD_VERSION; }

namespace {

namespace odeint = boost::numeric::odeint;
using State = std::array<double, 2 * kNumJoints>;  // q (rad), qdot (rad/s)

constexpr double kRadToDeg = 180.0 / std::numbers::pi;
constexpr double kLockoutTolerance = 0.005;  // m, bar this close to the planned lockout height
constexpr double kInitialStep = 1e-3;        // s, first trial step of the adaptive stepper
constexpr double kMinGroundFraction = 0.1;   // vertical ground force below this x weight: failed

inline Vec5 head(const State& x) { return Eigen::Map<const Vec5>(x.data()); }
inline Vec5 tail(const State& x) { return Eigen::Map<const Vec5>(x.data() + kNumJoints); }

// Computed-torque tracking with strength limits (docs/model.md, eq. 5.4-5.5).
struct Controller {
  const Model& model;
  const ReferenceMotion& plan;
  double stiffness;  // 1/s^2
  double damping;    // 1/s
  double band_tension;  // N at lockout
  double bar_start_y, bar_rise;  // m

  // Band force on the bar: grows linearly with the bar's rise (eq. 5.6).
  Vec2 band_force(const Vec2& bar) const {
    const double stretch = std::max(0.0, (bar.y() - bar_start_y) / bar_rise);
    return {0.0, -band_tension * stretch};
  }

  // Joint torques and the resulting accelerations at (t, q, qdot). On return data holds the
  // kinematics of q and the Newton-Euler loads of (q, qdot, qddot), unless a strength limit
  // bound (returns true): then the loads in data are those of the commanded acceleration.
  bool evaluate(Data& data, double t, const Vec5& q, const Vec5& qdot, ReferenceState& ref,
                Vec5& tau, Vec5& qddot, Vec2& f_bar) const {
    ref = evaluate_reference(plan, t);
    forward_kinematics(model, data, q);
    f_bar = band_force(data.landmark[kNumLandmarks - 1]);
    const Vec5 command =
        ref.qddot + damping * (ref.qdot - qdot) + stiffness * (ref.q - q);
    // M command + h - J^T f_bar in one O(n) recursive pass, without forming M
    const Vec5 wanted = newton_euler_passes(model, data, qdot, command, f_bar);
    tau = wanted.cwiseMax(-model.torque_max).cwiseMin(model.torque_max);
    if (tau == wanted) {
      qddot = command;
      return false;
    }
    qddot = forward_dynamics_from_kinematics(model, data, qdot, tau, f_bar);
    return true;
  }
};

// The ODE right-hand side; odeint copies it, so it holds references only.
struct PullSystem {
  const Controller& controller;
  Data& data;
  void operator()(const State& x, State& dxdt, double t) const {
    ReferenceState ref;
    Vec5 tau, qddot;
    Vec2 f_bar;
    controller.evaluate(data, t, head(x), tail(x), ref, tau, qddot, f_bar);
    for (int i = 0; i < kNumJoints; ++i) {
      dxdt[i] = x[kNumJoints + i];
      dxdt[kNumJoints + i] = qddot[i];
    }
  }
};

void update_peak(Peak& peak, double value, double t, bool by_magnitude) {
  const bool larger = by_magnitude ? std::abs(value) > std::abs(peak.value) : value > peak.value;
  if (larger) peak = {value, t};
}

// Records one sample: loads by inverse dynamics of the simulated state. Returns false when
// the lift has failed (bar too far behind the plan).
class Recorder {
 public:
  Recorder(const Model& model, const ReferenceMotion& plan, const Controller& controller,
           const Setup& setup, const SimulationOptions& options, Data& data, Result& result)
      : model_(model), plan_(plan), controller_(controller), options_(options), data_(data),
        result_(result), iap_pa_(setup.iap_kpa * 1000.0),
        weight_(model.gravity * (model.body_mass + model.bar_mass)) {}

  bool record(std::size_t k, double t, const State& x) {
    const Vec5 q = head(x), qdot = tail(x);
    ReferenceState ref;
    Vec5 tau, qddot;
    Vec2 f_bar;
    const bool limited = controller_.evaluate(data_, t, q, qdot, ref, tau, qddot, f_bar);
    if (limited) newton_euler_passes(model_, data_, qdot, qddot, f_bar);  // the actual motion
    Eigen::Index nearest_limit;
    const double torque_ratio =
        tau.cwiseAbs().cwiseQuotient(model_.torque_max).maxCoeff(&nearest_limit);
    if (limited && limiting_joint_ < 0) {
      limiting_joint_ = nearest_limit;  // clamped to exactly 1: the joint that bound
      limit_time_ = t;
    }
    const GroundReaction ground = ground_reaction(model_, data_);
    const L4L5Loads loads =
        l4l5_loads(model_.spine, data_.phi[kPelvis], data_.phi[kTrunk],
                   data_.joint_force_W[kTrunk], data_.joint_moment[kTrunk], iap_pa_);
    const Vec2& bar = data_.landmark[kNumLandmarks - 1];
    // the collapse after a strength limit binds would throw the lifter off the floor: the lift
    // has failed, and this sample (a centre of pressure of a vanishing force) is not recorded
    if (ground.force_W.y() < kMinGroundFraction * weight_) {
      failure_time_ = t;
      failure_reason_ = "the vertical ground force fell below " +
                        format_number(100 * kMinGroundFraction) + "% of body plus bar weight";
      return false;
    }

    Summary& summary = result_.summary;
    update_peak(summary.peak_moment, loads.moment, t, false);
    update_peak(summary.peak_compression, loads.compression, t, false);
    update_peak(summary.peak_shear, loads.shear, t, true);
    update_peak(summary.peak_extensor_force, loads.extensor_force, t, false);
    summary.cop_min = k == 0 ? ground.cop_x : std::min(summary.cop_min, ground.cop_x);
    summary.cop_max = k == 0 ? ground.cop_x : std::max(summary.cop_max, ground.cop_x);
    summary.max_torque_ratio = std::max(summary.max_torque_ratio, torque_ratio);
    if (std::isnan(summary.lockout_time) && bar.y() >= plan_.bar_y[1] - kLockoutTolerance) {
      summary.lockout_time = t;
    }

    if (options_.store_series) {
      auto put = [&](Channel c, auto... values) {
        double* row = result_.channel(c).data() + k * sizeof...(values);
        ((*row++ = values), ...);
      };
      put(Channel::kTime, t);
      put(Channel::kQ, q[0], q[1], q[2], q[3], q[4]);
      put(Channel::kQdot, qdot[0], qdot[1], qdot[2], qdot[3], qdot[4]);
      put(Channel::kQddot, qddot[0], qddot[1], qddot[2], qddot[3], qddot[4]);
      put(Channel::kTau, tau[0], tau[1], tau[2], tau[3], tau[4]);
      put(Channel::kBar, bar.x(), bar.y());
      put(Channel::kGrf, ground.force_W.x(), ground.force_W.y());
      put(Channel::kCop, ground.cop_x);
      put(Channel::kMoment, loads.moment);
      put(Channel::kCompression, loads.compression);
      put(Channel::kShear, loads.shear);
      put(Channel::kForce, loads.force_W.x(), loads.force_W.y());
      put(Channel::kExtensorForce, loads.extensor_force);
      put(Channel::kPassiveMoment, loads.passive_moment);
      put(Channel::kIapForce, loads.iap_force);
      const Vec2& l4l5 = data_.landmark[kTrunk];  // the trunk's proximal joint
      put(Channel::kL4L5Position, l4l5.x(), l4l5.y());
      result_.samples = k + 1;
    }

    const double lag = ref.bar_y - bar.y();
    if (lag > options_.fail_distance) {
      failure_time_ = t;
      failure_reason_ = "the bar fell " + format_number(lag) + " m behind the plan";
      return false;
    }
    return true;
  }

  double failure_time() const { return failure_time_; }
  const std::string& failure_reason() const { return failure_reason_; }
  Eigen::Index limiting_joint() const { return limiting_joint_; }  // -1: no limit bound
  double limit_time() const { return limit_time_; }

 private:
  const Model& model_;
  const ReferenceMotion& plan_;
  const Controller& controller_;
  const SimulationOptions& options_;
  Data& data_;
  Result& result_;
  double iap_pa_;
  double weight_;  // N, lifter plus bar
  double failure_time_ = 0;
  std::string failure_reason_;
  Eigen::Index limiting_joint_ = -1;
  double limit_time_ = 0;
};

void reset_summary(Summary& summary) { summary = Summary{}; }

}  // namespace

void simulate_into(const Lifter& lifter, const Setup& setup, const SimulationOptions& options,
                   Result& result) {
  validate_fields(options);
  validate_fields(setup);
  const Model model = make_model(lifter, setup.load);
  const ReferenceMotion plan = make_reference(model, setup);

  result.lifter = lifter;
  result.setup = setup;
  result.options = options;
  reset_summary(result.summary);
  Summary& summary = result.summary;

  // start posture, reported as set up
  // + 0.0 turns a -0.0 into 0.0 for printing
  for (int j = 0; j < kNumJoints; ++j) summary.start_angles_deg[j] = plan.start.q[j] * kRadToDeg + 0.0;
  summary.start_angles_deg[5] = plan.start.trunk_angle * kRadToDeg;
  for (int i = 0; i < kNumLandmarks; ++i) summary.start_landmarks[i] = plan.start.landmark[i];
  summary.start_landmarks[kNumLandmarks] = plan.start.landmark[kNumLandmarks - 1];

  // buffers sized once; the integration loop below never allocates
  const std::size_t count =
      static_cast<std::size_t>(std::floor(plan.end_time * options.rate + 1e-9)) + 1;
  result.samples = 0;
  for (int c = 0; c < kNumChannels; ++c) {
    result.series[c].resize(options.store_series ? count * kChannels[c].width : 0);
  }

  const double omega = 2.0 * std::numbers::pi * options.tracking_frequency;
  const Controller controller{model,
                              plan,
                              omega * omega,
                              2.0 * options.tracking_damping * omega,
                              setup.band_tension,
                              plan.bar_y[0],
                              plan.bar_y[1] - plan.bar_y[0]};
  Data data;
  Recorder recorder(model, plan, controller, setup, options, data, result);

  State x{};
  for (int j = 0; j < kNumJoints; ++j) x[j] = plan.start.q[j];
  bool failed = !recorder.record(0, 0.0, x);

  auto stepper = odeint::make_dense_output(options.atol, options.rtol,
                                           odeint::runge_kutta_dopri5<State>());
  stepper.initialize(x, 0.0, kInitialStep);
  const PullSystem system{controller, data};
  const auto max_steps = static_cast<std::size_t>(options.max_steps);
  std::size_t next = 1;
  State sample{};
  while (!failed && next < count) {
    stepper.do_step(system);
    if (++summary.steps > max_steps) {
      summary.status = "stopped: more than " + format_number(options.max_steps) +
                       " integration steps (raise max_steps or loosen rtol/atol)";
      summary.completed = false;
      return;
    }
    while (!failed && next < count) {
      const double t = static_cast<double>(next) / options.rate;
      if (t > stepper.current_time()) break;
      stepper.calc_state(t, sample);
      failed = !recorder.record(next, t, sample);
      ++next;
    }
  }

  const double cop_margin = 1e-9;
  summary.cop_inside_foot =
      summary.cop_min >= model.heel_x - cop_margin && summary.cop_max <= model.toe_x + cop_margin;
  const auto limiting = recorder.limiting_joint();
  if (limiting >= 0) {
    summary.limiting_joint = kJointNames[limiting];  // short names: no allocation
    summary.limit_time = recorder.limit_time();
  }
  if (failed) {
    summary.completed = false;
    summary.status = "failed: " + recorder.failure_reason() + " at t = " +
                     format_number(recorder.failure_time()) + " s";
    if (limiting >= 0) {
      summary.status += " (the " + summary.limiting_joint + " strength limit, " +
                        format_number(std::round(model.torque_max[limiting])) +
                        " N*m, bound first at t = " + format_number(summary.limit_time) + " s)";
    }
  } else if (std::isnan(summary.lockout_time)) {
    summary.completed = false;
    summary.status = "did not reach lockout";
  } else {
    summary.completed = true;
    summary.status = "completed";
  }
}

Result simulate(const Lifter& lifter, const Setup& setup, const SimulationOptions& options) {
  Result result;
  simulate_into(lifter, setup, options, result);
  return result;
}

}  // namespace spineload
