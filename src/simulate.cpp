// One pull: plan, integrate, load (docs/model.md, sections 5-7).
#include "spineload/simulate.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <boost/numeric/odeint.hpp>

#include "spineload/error.hpp"
#include "spineload/kinematics.hpp"
#include "spineload/loads.hpp"
#include "spineload/reference.hpp"

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

// Peaks, ranges and the first strength limit over the recorded samples.
class SummaryAccumulator {
 public:
  SummaryAccumulator(const Model& model, double lockout_bar_y, Summary& summary)
      : model_(model), lockout_bar_y_(lockout_bar_y), summary_(summary) {}

  void add(bool first, double t, const StateLoads& loads, bool limited) {
    Summary& s = summary_;
    update_peak(s.peak_moment, loads.l4l5.moment, t, false);
    update_peak(s.peak_compression, loads.l4l5.compression, t, false);
    update_peak(s.peak_shear, loads.l4l5.shear, t, true);
    update_peak(s.peak_extensor_force, loads.l4l5.extensor_force, t, false);
    const double cop = loads.ground.cop_x;
    s.cop_min = first ? cop : std::min(s.cop_min, cop);
    s.cop_max = first ? cop : std::max(s.cop_max, cop);
    Eigen::Index nearest_limit;
    s.max_torque_ratio =
        std::max(s.max_torque_ratio,
                 loads.tau.cwiseAbs().cwiseQuotient(model_.torque_max).maxCoeff(&nearest_limit));
    if (limited && limiting_joint_ < 0) {
      limiting_joint_ = nearest_limit;  // clamped to exactly 1: the joint that bound
      limit_time_ = t;
    }
    if (std::isnan(s.lockout_time) &&
        loads.bar_position.y() >= lockout_bar_y_ - kLockoutTolerance) {
      s.lockout_time = t;
    }
  }

  Eigen::Index limiting_joint() const { return limiting_joint_; }  // -1: no limit bound
  double limit_time() const { return limit_time_; }

 private:
  const Model& model_;
  double lockout_bar_y_;
  Summary& summary_;
  Eigen::Index limiting_joint_ = -1;
  double limit_time_ = 0;
};

// Writes sample k of every channel (buffers sized beforehand: no allocation).
void write_sample(Result& result, std::size_t k, double t, const Vec5& q, const Vec5& qdot,
                  const Vec5& qddot, const StateLoads& loads) {
  auto put = [&](Channel c, auto... values) {
    double* row = result.channel(c).data() + k * sizeof...(values);
    ((*row++ = values), ...);
  };
  const L4L5Loads& l = loads.l4l5;
  put(Channel::kTime, t);
  put(Channel::kQ, q[0], q[1], q[2], q[3], q[4]);
  put(Channel::kQdot, qdot[0], qdot[1], qdot[2], qdot[3], qdot[4]);
  put(Channel::kQddot, qddot[0], qddot[1], qddot[2], qddot[3], qddot[4]);
  put(Channel::kTau, loads.tau[0], loads.tau[1], loads.tau[2], loads.tau[3], loads.tau[4]);
  put(Channel::kBar, loads.bar_position.x(), loads.bar_position.y());
  put(Channel::kGrf, loads.ground.force_W.x(), loads.ground.force_W.y());
  put(Channel::kCop, loads.ground.cop_x);
  put(Channel::kMoment, l.moment);
  put(Channel::kCompression, l.compression);
  put(Channel::kShear, l.shear);
  put(Channel::kForce, l.force_W.x(), l.force_W.y());
  put(Channel::kExtensorForce, l.extensor_force);
  put(Channel::kPassiveMoment, l.passive_moment);
  put(Channel::kIapForce, l.iap_force);
  put(Channel::kL4L5Position, loads.l4l5_position.x(), loads.l4l5_position.y());
  result.samples = k + 1;
}

// Records one sample: the loads of the simulated state, the summary and the channels.
// Returns false when the lift has failed (the feet unloaded, or the bar too far behind the
// plan); a sample that unloads the feet is not recorded.
class Recorder {
 public:
  Recorder(const Model& model, const ReferenceMotion& plan, const Controller& controller,
           const SpineInputs& spine, const SimulationOptions& options, Data& data, Result& result)
      : model_(model),
        controller_(controller),
        spine_(spine),
        options_(options),
        data_(data),
        result_(result),
        summary_(model, plan.bar_y[1], result.summary),
        weight_(model.gravity * (model.body_mass + model.bar_mass)) {}

  bool record(std::size_t k, double t, const State& x) {
    const Vec5 q = head(x), qdot = tail(x);
    ReferenceState ref;
    Vec5 tau, qddot;
    Vec2 f_bar;
    const bool limited = controller_.evaluate(data_, t, q, qdot, ref, tau, qddot, f_bar);
    if (limited) newton_euler_passes(model_, data_, qdot, qddot, f_bar);  // the actual motion
    StateLoads loads = loads_from_passes(model_, data_, spine_);
    loads.tau = tau;  // the applied torques exactly (the passes reproduce them to round-off)
    // the collapse after a strength limit binds would throw the lifter off the floor: the lift
    // has failed, and this sample (a centre of pressure of a vanishing force) is not recorded
    if (loads.ground.force_W.y() < kMinGroundFraction * weight_) {
      return fail(t, "the vertical ground force fell below " +
                         format_number(100 * kMinGroundFraction) + "% of body plus bar weight");
    }
    summary_.add(k == 0, t, loads, limited);
    if (options_.store_series) write_sample(result_, k, t, q, qdot, qddot, loads);
    const double lag = ref.bar_y - loads.bar_position.y();
    if (lag > options_.fail_distance) {
      return fail(t, "the bar fell " + format_number(lag) + " m behind the plan");
    }
    return true;
  }

  double failure_time() const { return failure_time_; }
  const std::string& failure_reason() const { return failure_reason_; }
  const SummaryAccumulator& summary() const { return summary_; }

 private:
  bool fail(double t, std::string reason) {
    failure_time_ = t;
    failure_reason_ = std::move(reason);
    return false;
  }

  const Model& model_;
  const Controller& controller_;
  const SpineInputs& spine_;
  const SimulationOptions& options_;
  Data& data_;
  Result& result_;
  SummaryAccumulator summary_;
  double weight_;  // N, lifter plus bar
  double failure_time_ = 0;
  std::string failure_reason_;
};

// What the setup looked like at the start, as reported in the summary.
void record_start(const ReferenceMotion& plan, Summary& summary) {
  // + 0.0 turns a -0.0 into 0.0 for printing
  for (int j = 0; j < kNumJoints; ++j) {
    summary.start_angles_deg[j] = plan.start.q[j] * kRadToDeg + 0.0;
  }
  summary.start_angles_deg[5] = plan.start.trunk_angle * kRadToDeg;
  summary.start_com_x = plan.start.center_of_mass.x();
  for (int i = 0; i < kNumLandmarks; ++i) summary.start_landmarks[i] = plan.start.landmark[i];
  summary.start_landmarks[kNumLandmarks] = plan.start.landmark[kNumLandmarks - 1];
}

// Completion, failure or stop, in the summary's words.
void finish_summary(const Model& model, const Recorder& recorder, bool failed, Summary& summary) {
  const double cop_margin = 1e-9;
  summary.cop_inside_foot =
      summary.cop_min >= model.heel_x - cop_margin && summary.cop_max <= model.toe_x + cop_margin;
  const auto limiting = recorder.summary().limiting_joint();
  if (limiting >= 0) {
    summary.limiting_joint = kJointNames[limiting];  // short names: no allocation
    summary.limit_time = recorder.summary().limit_time();
  }
  if (failed) {
    summary.completed = false;
    summary.status = "failed: " + recorder.failure_reason() +
                     " at t = " + format_number(recorder.failure_time()) + " s";
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

void run_pull(Model& model, const Setup& setup, const SimulationOptions& options, Result& result) {
  set_bar_mass(model, setup.load);
  const ReferenceMotion plan = make_reference(model, setup);
  const SpineInputs spine = spine_inputs(setup);

  result.lifter = model.lifter;
  result.setup = setup;
  result.options = options;
  result.summary = Summary{};
  Summary& summary = result.summary;
  record_start(plan, summary);

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
  Recorder recorder(model, plan, controller, spine, options, data, result);

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
      summary.status = "stopped: more than " + exact_number(options.max_steps) +
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
  finish_summary(model, recorder, failed, summary);
}

}  // namespace

void simulate_into(Model& model, const Setup& setup, const SimulationOptions& options,
                   Result& result) {
  validate_fields(setup);
  validate_fields(options);
  run_pull(model, setup, options, result);
}

void simulate_into(const Lifter& lifter, const Setup& setup, const SimulationOptions& options,
                   Result& result) {
  validate_fields(setup);
  validate_fields(options);
  Model model = make_model(lifter);  // validates the lifter
  run_pull(model, setup, options, result);
}

Result simulate(const Lifter& lifter, const Setup& setup, const SimulationOptions& options) {
  Result result;
  simulate_into(lifter, setup, options, result);
  return result;
}

}  // namespace spineload
