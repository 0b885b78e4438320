// One pull: plan, integrate, load (docs/model.md, sections 5-7).
#include "spineload/simulate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <stdexcept>

#include <boost/numeric/odeint.hpp>

#include "spineload/band.hpp"
#include "spineload/error.hpp"
#include "spineload/kinematics.hpp"
#include "spineload/loads.hpp"
#include "spineload/one_rep_max.hpp"
#include "spineload/reference.hpp"
#include "spineload/strength.hpp"
#include "detail/angles.hpp"
#include "detail/pull_record.hpp"
#include "detail/simulate_integrated.hpp"

namespace spineload {

const char* version() { return SPINELOAD_VERSION; }

namespace {

namespace odeint = boost::numeric::odeint;
using detail::kLiftoffRise;
using detail::kRadToDeg;
using detail::SummaryAccumulator;
using detail::write_sample;
// q (rad), qdot (rad/s), the plan's clock (s) and its rate (the tempo, 1 = as planned): the
// plan is evaluated at its own clock, which runs slower than real time while strength holds
// the lifter back (eq. 5.7)
using State = std::array<double, 2 * kNumJoints + 2>;
constexpr int kClock = 2 * kNumJoints;
constexpr int kTempo = 2 * kNumJoints + 1;

using detail::kDegToRad;
constexpr double kInitialStep = 1e-3;        // s, first trial step of the adaptive stepper
constexpr double kMinGroundFraction = 0.1;   // vertical ground force below this x weight: failed
constexpr double kTempoRecovery = 5.0;       // 1/s, how fast a held-back pull regains its tempo
constexpr double kMaxTempoRate = 20.0;       // 1/s, the fastest the tempo may change
constexpr double kStallRise = 0.01;          // m, the bar must gain this much ...
constexpr double kStallTime = 1.5;           // s, ... within this long, or the pull has stalled
constexpr double kTimeAllowance = 4.0;       // a pull may take this many times its plan
constexpr double kStalledTempo = 0.05;       // below this the plan is all but waiting
constexpr double kLostControlTempo = 1.5;    // a descent sped up beyond this is a fall
constexpr double kPlanCheckSpacing = 0.01;   // s, the plan's strength is checked this often

inline Vec5 head(const State& x) { return Eigen::Map<const Vec5>(x.data()); }
inline Vec5 tail(const State& x) { return Eigen::Map<const Vec5>(x.data() + kNumJoints); }

// Computed-torque tracking with strength limits (docs/model.md, eq. 5.4-5.5).
struct Controller {
  const Model& model;
  const ReferenceMotion& plan;
  double stiffness;  // 1/s^2
  double damping;    // 1/s
  Bands bands;
  double bar_start_y, bar_rise;  // m

  // Band forces on the bar (eq. 5.6): the down band stretched by the bar's rise.
  Vec2 band_force(const Vec2& bar) const {
    // a hold does not rise: its down band is stretched as at lockout
    return bands.force(bar, bar_rise > 0.0 ? (bar.y() - bar_start_y) / bar_rise : 1.0);
  }

  // What the lifter does at state x (eq. 5.4-5.7): follow the planned path, with tracking
  // feedback, at the fastest tempo within strength. The commanded acceleration is affine in
  // the tempo's rate of change: v = c0 + q' dr, so the torques are tau0 + g dr with
  // g = M q'. The tempo recovers towards 1; where that would take a joint past its strength,
  // dr is clamped to the interval that keeps every joint within it (the pull slows, it
  // grinds). Only if no dr does (overpowered) are the torques clamped and the motion leaves
  // the path. On return data holds the kinematics of q and the Newton-Euler loads of the
  // returned qddot only for kFollowing: otherwise run the passes again.
  enum class Effort {
    kFollowing,   // on the plan at its tempo, within strength
    kRecovering,  // regaining the tempo after being held back, within strength
    kSlowed,      // a joint at its strength: the tempo falls
    kOverpowered  // no tempo keeps every joint within its strength: torques clamped
  };
  // What the lifter does at one state.
  struct Action {
    Effort effort = Effort::kFollowing;
    ReferenceState ref;      // the plan at its clock
    Vec5 tau, qddot;         // N*m applied; rad/s^2 that follow
    double tempo_rate = 0;   // 1/s, d(tempo)/dt
    Vec2 f_bar{0, 0};        // N, the band on the bar
    TorqueLimits limit;      // the strength at this speed
    Eigen::Index weakest = -1;  // the joint whose strength bound, if one did
    bool limited() const { return effort == Effort::kSlowed || effort == Effort::kOverpowered; }
  };
  Action evaluate(Data& data, const State& x) const {
    return evaluate(data, x, evaluate_reference(plan, x[kClock]));
  }
  // The same with the plan at x's clock already evaluated.
  Action evaluate(Data& data, const State& x, const ReferenceState& plan_now) const {
    Action out;
    ReferenceState& ref = out.ref = plan_now;
    Vec5 &tau = out.tau, &qddot = out.qddot;
    double& tempo_rate = out.tempo_rate;
    Vec2& f_bar = out.f_bar;
    Eigen::Index& weakest = out.weakest;
    const Vec5 q = head(x), qdot = tail(x);
    const double rate = std::max(0.0, x[kTempo]);
    data.gravity_scale = ref.gravity_scale;  // the ground's planned acceleration (walking)
    forward_kinematics(model, data, q);
    f_bar = band_force(data.landmark[kNumLandmarks - 1]);
    const Vec5 c0 = rate * rate * ref.qddot + damping * (rate * ref.qdot - qdot) +
                    stiffness * (ref.q - q);
    const double nominal = kTempoRecovery * (1.0 - rate);
    // M v + h - J^T f_bar in one O(n) recursive pass, without forming M
    const Vec5 tau0 = newton_euler_passes(model, data, qdot, c0, f_bar);
    out.limit = torque_limits(model, q, qdot);  // strength at this angle and speed
    const TorqueLimits& limit = out.limit;
    if (nominal == 0.0 && (tau0.array() >= limit.lower.array()).all() &&
        (tau0.array() <= limit.upper.array()).all()) {
      tempo_rate = 0.0;
      tau = tau0;
      qddot = c0;
      out.effort = Effort::kFollowing;
      return out;
    }
    // the torque per unit tempo rate, by a second pass: inverse dynamics is affine in qddot
    const Vec5 g = newton_euler_passes(model, data, qdot, c0 + ref.qdot, f_bar) - tau0;
    // the tempo may fall no faster than it can stay >= 0 over ~1/kMaxTempoRate s
    double lo = -kMaxTempoRate * std::min(1.0, rate), hi = kMaxTempoRate;
    bool feasible = true;
    Eigen::Index lo_joint = -1, hi_joint = -1;  // the joints that set each bound
    for (int j = 0; j < kNumJoints; ++j) {
      if (std::abs(g[j]) < 1e-12) {  // the tempo does not reach this joint (the plan at rest)
        feasible = feasible && tau0[j] >= limit.lower[j] && tau0[j] <= limit.upper[j];
        continue;
      }
      double a = (limit.lower[j] - tau0[j]) / g[j], b = (limit.upper[j] - tau0[j]) / g[j];
      if (a > b) std::swap(a, b);
      if (b < hi) {
        hi = b;
        hi_joint = j;
      }
      if (a > lo) {
        lo = a;
        lo_joint = j;
      }
    }
    if (feasible && lo <= hi) {
      tempo_rate = std::clamp(nominal, lo, hi);
      qddot = c0 + tempo_rate * ref.qdot;
      tau = (tau0 + tempo_rate * g).cwiseMax(limit.lower).cwiseMin(limit.upper);
      weakest = tempo_rate == hi ? hi_joint : tempo_rate == lo ? lo_joint : -1;
      out.effort = tempo_rate == nominal ? Effort::kRecovering : Effort::kSlowed;
      return out;
    }
    // no tempo keeps every joint within its strength: clamp, and let the body move as it must
    tempo_rate = std::clamp(nominal, std::min(lo, hi), std::max(lo, hi));
    const Vec5 wanted = tau0 + tempo_rate * g;
    tau = wanted.cwiseMax(limit.lower).cwiseMin(limit.upper);
    (tau - wanted).cwiseAbs().maxCoeff(&weakest);
    qddot = forward_dynamics_from_kinematics(model, data, qdot, tau, f_bar);
    out.effort = Effort::kOverpowered;
    return out;
  }
};

// The ODE right-hand side; odeint copies it, so it holds references only.
struct PullSystem {
  const Controller& controller;
  Data& data;
  void operator()(const State& x, State& dxdt, double /*t*/) const {
    const Controller::Action action = controller.evaluate(data, x);
    for (int i = 0; i < kNumJoints; ++i) {
      dxdt[i] = x[kNumJoints + i];
      dxdt[kNumJoints + i] = action.qddot[i];
    }
    dxdt[kClock] = std::max(0.0, x[kTempo]);
    dxdt[kTempo] = action.tempo_rate;
  }
};

// The state of a lifter exactly on the plan `ref` at time t: the plan's posture and velocity,
// its clock at t and its tempo 1.
State on_plan(const ReferenceState& ref, double t) {
  State x{};
  for (int j = 0; j < kNumJoints; ++j) {
    x[j] = ref.q[j];
    x[kNumJoints + j] = ref.qdot[j];
  }
  x[kClock] = t;
  x[kTempo] = 1.0;
  return x;
}

// A bar height or distance for a message: to the centimetre, as a coach reads it.
std::string metres(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f m", value);
  return buffer;
}

// The plan's time (s) of its worst passage inside the legs, NaN where the bar stays clear: when
// the rise reaches that progress, its minimum-jerk timing inverted (eq. 5.1).
double planned_inside_time(const ReferenceMotion& plan) {
  if (!(plan.bar_inside > 0.0)) return std::numeric_limits<double>::quiet_NaN();
  double lo = 0, hi = 1, s = 0, ds = 0, dds = 0;
  for (int it = 0; it < 50; ++it) {
    minimum_jerk(0.5 * (lo + hi), s, ds, dds);
    (s < plan.bar_inside_s ? lo : hi) = 0.5 * (lo + hi);
  }
  return plan.rise_start + 0.5 * (lo + hi) * plan.duration;
}

// Records one sample: the loads of the simulated state, the summary and the channels, and
// watches the bar. Returns false when the lift has failed: the bar sank fail_distance below the
// highest it reached, it stopped rising (less than kStallRise in kStallTime), the feet
// unloaded, or a joint was forced past its range; a failed lift's summary holds the peaks up
// to the instant the bar was highest, or to the sample before the strength gave way if that
// came first, never those of the collapse after it. Returns false too when a lowering after lockout
// went out of control (dropped(): the lift counts, the drop does not), or did so only as the bar
// came down to where it started (set_down(): the pull is over).
class Recorder {
 public:
  Recorder(const Model& model, const ReferenceMotion& plan, const Controller& controller,
           const SpineInputs& spine, const SimulationOptions& options, Data& data, Result& result)
      : model_(model),
        plan_(plan),
        controller_(controller),
        spine_(spine),
        options_(options),
        data_(data),
        result_(result),
        summary_(model, plan.bar_y[0], plan.bar_y[1], result.summary),
        weight_(total_weight(model)) {}

  bool record(std::size_t k, double t, const State& x) {
    return record(k, t, x, controller_.evaluate(data_, x));
  }
  // The same with the controller's action at x already evaluated (data_ still holding its
  // passes).
  bool record(std::size_t k, double t, const State& x, const Controller::Action& a) {
    const Vec5 q = head(x), qdot = tail(x);
    // the pull reaches its plan's worst passage inside the legs (never while that is NaN): when
    // its plan clock passes that time, between this sample and the one before
    if (std::isnan(inside_time_) && x[kClock] >= inside_planned_) {
      const double span = x[kClock] - clock_before_;
      inside_time_ =
          k == 0 || span <= 0.0 ? t : t - (t - time_before_) * (x[kClock] - inside_planned_) / span;
    }
    clock_before_ = x[kClock];
    time_before_ = t;
    if (a.effort != Controller::Effort::kFollowing) {
      newton_euler_passes(model_, data_, qdot, a.qddot, a.f_bar);  // the actual motion
    }
    StateLoads loads = loads_from_passes(model_, data_, spine_);
    loads.tau = a.tau;  // the applied torques exactly (the passes reproduce them to round-off)
    const double y = loads.bar_position.y();
    const bool descending = x[kClock] < plan_.rise_start;  // lowered from the hang
    // lowered under control, or not: no tempo keeps the joints within their strength, or the
    // plan had to speed up by half to spare them (the bar falls)
    const bool out_of_control =
        a.effort == Controller::Effort::kOverpowered || x[kTempo] > kLostControlTempo;
    const bool falls = descending && out_of_control;
    // the feet unloading: the lifter thrown off the floor by a collapse (never a load)
    const bool feet_unloaded = loads.ground.force_W.y() < kMinGroundFraction * weight_;
    // a joint forced past its anatomical range: the body folding under clamped torques, a
    // collapse too (the plan and the grinding that keeps to it stay inside the ranges)
    const int past_range = joint_out_of_range(model_, q);
    // the same after lockout, on the way down again: the bar is dropped, not lowered. The lift
    // was made; the pull ends at the sample before, and what follows is not a load. So too
    // when the feet unload on the way down
    const bool lowering_after_lockout = !descending && plan_.lowering &&
                                        !std::isnan(result_.summary.lockout_time) &&
                                        x[kClock] > plan_.rise_start + plan_.duration;
    if (lowering_after_lockout && (out_of_control || feet_unloaded || past_range >= 0)) {
      // within the lockout's tolerance of where it started, the floor (or the blocks) takes
      // the bar: it was set down, and the pull ends there as planned
      if (y < plan_.bar_y[0] + detail::kLockoutTolerance) {
        set_down_ = true;
        return false;
      }
      dropped_time_ = t;
      // only a joint whose strength bound here is named
      dropped_joint_ = out_of_control ? a.weakest : -1;
      return false;
    }
    // A run of samples under clamped torques begins: the body no longer moves as the lifter
    // directs it but as its strength gives way. Should the lift fail before control returns,
    // its loads end at the sample before, whose summary is the one as it stands (kept only at
    // such a start).
    const bool overpowered = a.effort == Controller::Effort::kOverpowered;
    if (overpowered && !overpowered_run_ && k > 0) {
      at_control_loss_ = result_.summary;
      at_control_loss_limit_ = {summary_.limiting_joint(), summary_.limit_time(),
                                summary_.limit_strength()};
      control_loss_sample_ = k - 1;
      control_loss_time_ = last_time_;
    }
    overpowered_run_ = overpowered;
    // a hold has no tempo to give (its plan does not move): once no torque within strength
    // holds it - a walked carry at a heel strike - it is not held, and its loads end at the
    // sample before
    if (overpowered && hold() && k > 0) {
      return fail(
          std::string(plan_.walking ? "the load cannot be carried walking: at t = "
                                    : "the load cannot be held at t = ") +
              format_number(t) + " s" +
              (plan_.walking ? " (a step's ground force of " +
                                   format_number(std::round(100 * a.ref.gravity_scale) / 100) +
                                   " body weights)"
                             : std::string()) +
              ": the " + kJointNames[a.weakest] + " would need more strength than it has",
          false, true);
    }
    last_time_ = t;
    // Does this sample become the bar's highest point (every controlled one of a descent)? If
    // not, the summary as it stands, that of the highest so far, is kept before this sample
    // joins it: a failure returns to it. Kept only then, not at every rising sample.
    const bool highest = descending ? !falls : !rise_seen_ || y > highest_;
    if (!highest && latest_is_highest_) {
      at_highest_ = result_.summary;  // no allocation: its strings are short
      latest_is_highest_ = false;
    }
    summary_.set_rising(!descending);
    summary_.set_lift_over(lowering_after_lockout);
    // at the start no tempo keeps the joints within their strength: the bar stays put
    if (k == 0 && a.effort == Controller::Effort::kOverpowered) {
      summary_.add(true, t, loads, a.limit, a.limited(), 0.0, data_.phi[kTrunk],
                   data_.landmark[1].y(), a.weakest);
      return fail(std::string(from_hang() ? "the bar cannot be held at the hang: the "
                                          : cannot_start() + ": the ") +
                      kJointNames[a.weakest] + " would need more strength than it has there",
                  true);
    }
    // the collapse after a strength limit binds would throw the lifter off the floor: the lift
    // has failed, and this sample (a centre of pressure of a vanishing force) is not recorded
    if (feet_unloaded) {
      return fail("the vertical ground force fell below " +
                      format_number(100 * kMinGroundFraction) +
                      "% of body plus bar weight at t = " + format_number(t) + " s",
                  k == 0);  // at the very first sample nothing was lifted
    }
    if (past_range >= 0) {
      return fail("the " + std::string(kJointNames[past_range]) +
                      " was forced past its range of motion (" +
                      format_number(std::round(model_.q_min[past_range] * kRadToDeg)) + " to " +
                      format_number(std::round(model_.q_max[past_range] * kRadToDeg)) +
                      " deg) at t = " + format_number(t) + " s",
                  k == 0);
    }
    summary_.add(k == 0, t, loads, a.limit, a.limited(), std::max(0.0, x[kTempo]),
                 data_.phi[kTrunk], data_.landmark[1].y(), a.weakest);
    if (options_.store_series) write_sample(result_, k, t, q, qdot, a.qddot, loads);

    if (highest) {
      highest_ = y;
      highest_time_ = t;
      highest_sample_ = k;
      latest_is_highest_ = true;
    }
    // a descent from the hang is watched only by the ground force above; should that fail,
    // the loads are those up to this sample. The rise starts at its bottom.
    if (descending) {
      // a fall's first sample is the start of the fall, not a load
      if (falls) {
        const auto joint = a.weakest >= 0 ? a.weakest : summary_.limiting_joint();
        return fail("the bar could not be lowered under control" +
                    (joint >= 0 ? std::string(": the ") + kJointNames[joint] + " strength gave out"
                                : std::string()) +
                    " at t = " + format_number(t) + " s");
      }
      return true;
    }
    const bool first_rising = !rise_seen_;
    rise_seen_ = true;
    // the bar rests at the bottom: one that sinks before it has risen 1 cm was never lifted
    // (from the hang it was lowered, and those loads stay)
    if (std::isnan(result_.summary.liftoff_time) && y < plan_.bar_y[0] - kLiftoffRise) {
      const auto joint = summary_.limiting_joint();
      return fail(
          std::string(from_hang() ? "the bar does not rise from the bottom" : cannot_start()) +
              (joint >= 0 ? std::string(": the ") + kJointNames[joint] +
                                (hold() ? " strength gives out"
                                        : " strength gives out before it rises 1 cm")
                          : std::string()),
          !from_hang());
    }
    const bool rising =
        x[kClock] < plan_.rise_start + plan_.duration && std::isnan(result_.summary.lockout_time);
    if (!rising) return true;
    // stalled: held back to almost no tempo, the bar gaining less than kStallRise for
    // kStallTime (a slow plan that rises slowly is not a stall)
    if (first_rising || y > stall_height_ + kStallRise || x[kTempo] > kStalledTempo) {
      stall_height_ = y;
      stall_start_ = t;
    } else if (t - stall_start_ > kStallTime) {
      return fail("the bar stopped rising at " + metres(highest_) + " (less than " +
                  format_number(100 * kStallRise) + " cm in " + format_number(kStallTime) +
                  " s at " + format_number(std::round(100 * std::max(0.0, x[kTempo]))) +
                  "% of the planned tempo)");
    }
    if (y < highest_ - options_.fail_distance) {
      return fail("the bar sank " + metres(highest_ - y) + " from the highest it reached, " +
                  metres(highest_));
    }
    return true;
  }

  // A failed lift's loads end at this time: where the bar was highest, or, should the strength
  // have given way before that (ended_at_control_loss), at the sample before it did.
  double failure_time() const { return end_time_; }
  bool ended_at_control_loss() const { return ended_at_control_loss_; }
  // The joint whose strength bound first (-1: none), when and at what strength, up to where the
  // loads end.
  struct Limit {
    Eigen::Index joint = -1;
    double time = 0, strength = 0;
  };
  Limit limit() const {
    return ended_at_control_loss_
               ? at_control_loss_limit_
               : Limit{summary_.limiting_joint(), summary_.limit_time(), summary_.limit_strength()};
  }
  bool from_hang() const { return plan_.rise_start > 0.0; }
  // A hold (a carry) stands at lockout throughout: its plan does not rise.
  bool hold() const { return plan_.bar_y[1] == plan_.bar_y[0]; }
  // What does not happen when a pull cannot start: the bar leaving the floor (plates of
  // 0.45 m) or the blocks or pins it rests on, or a held load staying up.
  std::string cannot_start() const {
    if (hold()) {
      return plan_.walking ? "the load cannot be carried walking"
                           : "the load cannot be held standing";
    }
    return "the bar does not leave " + (plan_.bar_y[0] <= Setup{}.bar_height + 1e-3
                                            ? std::string("the floor")
                                            : "the blocks or pins at " + metres(plan_.bar_y[0]));
  }
  bool rise_seen() const { return rise_seen_; }
  bool failed_at_floor() const { return at_floor_; }
  // When the pull reached the point of its path where the plan's bar passes furthest inside
  // the legs (a grinding pull gets there later than planned); NaN if it never did.
  double inside_time() const { return inside_time_; }
  // The lowering after lockout went out of control at dropped_time (s; NaN if it did not),
  // the joint whose strength gave out first (-1: none named).
  bool dropped() const { return !std::isnan(dropped_time_); }
  // The lowering lost control only as the bar reached its start height: it was set down there.
  bool set_down() const { return set_down_; }
  double dropped_time() const { return dropped_time_; }
  Eigen::Index dropped_joint() const { return dropped_joint_; }
  const std::string& failure_reason() const { return failure_reason_; }
  const SummaryAccumulator& summary() const { return summary_; }

 private:
  // The lift has failed: its summary returns to the instant the bar was highest, or to the
  // sample before the run of clamped-torque samples in progress began if that came first
  // (unless it never left the floor: then the attempt's own sample stays).
  // at_control_loss: the loads end at the sample before the strength gave way, whatever the
  // bar did (a hold's).
  bool fail(std::string reason, bool at_start = false, bool at_control_loss = false) {
    failure_reason_ = std::move(reason);
    at_floor_ = at_start;
    if (at_start) {
      // nothing was lifted: no peak is a load
      Summary& s = result_.summary;
      constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
      for (Peak* p :
           {&s.peak_moment, &s.peak_compression, &s.peak_anterior_shear, &s.peak_posterior_shear,
            &s.peak_extensor_force, &s.peak_l5s1_moment, &s.peak_l5s1_compression,
            &s.peak_l5s1_anterior_shear, &s.min_stiffness, &s.min_stability, &s.peak_lever}) {
        *p = {kNaN, kNaN};
      }
      s.load_moment = kNaN;
      s.muscle_share_at_peak = s.passive_share_at_peak = s.iap_share_at_peak = kNaN;
      s.peak_activation = kNaN;
      s.cumulative_compression = kNaN;
      s.sticking_time = s.sticking_height = kNaN;  // it never moved
      result_.samples = 0;  // nor does any channel show a lift
      return false;
    }
    const std::size_t steps = result_.summary.steps;
    if (at_control_loss || (overpowered_run_ && control_loss_sample_ < highest_sample_)) {
      // the strength gave way before the bar stopped rising: what followed was the body
      // yielding under clamped torques, a collapse that still lifted the bar
      result_.summary = at_control_loss_;
      end_sample_ = control_loss_sample_;
      end_time_ = control_loss_time_;
      ended_at_control_loss_ = true;
    } else {
      if (!latest_is_highest_) result_.summary = at_highest_;
      end_sample_ = highest_sample_;
      end_time_ = highest_time_;
    }
    result_.summary.steps = steps;
    // the channels too end there: the collapse after it is not a load
    if (options_.store_series) result_.samples = end_sample_ + 1;
    return false;
  }

  const Model& model_;
  const ReferenceMotion& plan_;
  const Controller& controller_;
  const SpineInputs& spine_;
  const SimulationOptions& options_;
  Data& data_;
  Result& result_;
  SummaryAccumulator summary_;
  double weight_;  // N, lifter plus bar
  double highest_ = 0, highest_time_ = 0;  // m, s: the bar's highest point so far
  std::size_t highest_sample_ = 0;
  double stall_height_ = 0, stall_start_ = 0;
  bool rise_seen_ = false;  // a sample of the rise has been recorded
  Summary at_highest_;      // the summary at the highest sample, unless latest_is_highest_
  bool latest_is_highest_ = false;  // the latest sample in the summary is the highest
  std::string failure_reason_;
  bool at_floor_ = false;
  double dropped_time_ = std::numeric_limits<double>::quiet_NaN();
  Eigen::Index dropped_joint_ = -1;
  bool set_down_ = false;
  // the run of overpowered samples in progress, if any, and the summary before it began
  bool overpowered_run_ = false;
  Summary at_control_loss_;
  Limit at_control_loss_limit_;
  std::size_t control_loss_sample_ = 0;
  double control_loss_time_ = 0, last_time_ = 0;
  // where a failed lift's loads end
  std::size_t end_sample_ = 0;
  double end_time_ = 0;
  bool ended_at_control_loss_ = false;
  // the plan's time of its worst passage inside the legs and the pull's
  double inside_planned_ = planned_inside_time(plan_);
  double inside_time_ = std::numeric_limits<double>::quiet_NaN();
  double clock_before_ = 0, time_before_ = 0;  // the sample before's plan clock and time
};

// What the setup looked like at the start, as reported in the summary (the time of the worst
// passage inside the legs is the pull's own: finish_summary).
void record_start(const ReferenceMotion& plan, Summary& summary) {
  // + 0.0 turns a -0.0 into 0.0 for printing
  for (int j = 0; j < kNumJoints; ++j) {
    summary.start_angles_deg[j] = plan.start.q[j] * kRadToDeg + 0.0;
  }
  summary.start_angles_deg[5] = plan.start.trunk_angle * kRadToDeg;
  summary.start_com_x = plan.start.center_of_mass.x();
  if (plan.bar_inside > 0.0) summary.bar_inside_legs.value = plan.bar_inside;
  for (int i = 0; i < kNumLandmarks; ++i) summary.start_landmarks[i] = plan.start.landmark[i];
  summary.start_landmarks[kNumLandmarks] = plan.start.landmark[kNumLandmarks - 1];
}

// Completion, failure or stop, in the summary's words.
void finish_summary(const Model& model, const Recorder& recorder, bool failed, Summary& summary) {
  const double cop_margin = 1e-9;
  summary.cop_inside_foot =
      summary.cop_min >= model.heel_x - cop_margin && summary.cop_max <= model.toe_x + cop_margin;
  const Recorder::Limit limit = recorder.limit();
  const auto limiting = limit.joint;
  if (limiting >= 0) {
    summary.limiting_joint = kJointNames[limiting];  // short names: no allocation
    summary.limit_time = limit.time;
  }
  if (recorder.dropped()) {
    summary.completed = true;  // the lift was made; only its lowering was not
    const auto joint = recorder.dropped_joint();
    summary.status =
        "completed; the bar was not lowered under control from t = " +
        format_number(recorder.dropped_time()) + " s" +
        (joint >= 0 ? std::string(" (the ") + kJointNames[joint] + " strength gave out)"
                    : std::string()) +
        ": the loads end at the sample before";
  } else if (failed && !recorder.set_down()) {
    summary.completed = false;
    summary.status = "failed: " + recorder.failure_reason();
    if (!recorder.failed_at_floor()) {
      summary.status += "; peaks are those up to t = " + format_number(recorder.failure_time()) +
                        (recorder.ended_at_control_loss()
                             ? " s, before the strength gave way (what followed was the body "
                               "yielding under clamped torques)"
                         : !recorder.from_hang() ? " s, when the bar was highest"
                         : recorder.rise_seen()  ? " s, when the bar was highest on its way up"
                                                 : " s, while it was lowered");
    }
    if (limiting >= 0) {
      summary.status += " (the " + summary.limiting_joint + " strength limit, " +
                        format_number(std::round(limit.strength)) +
                        " N*m at that posture and speed, bound first at t = " +
                        format_number(summary.limit_time) + " s)";
    }
  } else if (std::isnan(summary.lockout_time)) {
    summary.completed = false;
    summary.status = "did not reach lockout in " + format_number(kTimeAllowance) +
                     " times the planned duration";
  } else {
    summary.completed = true;
    summary.status = "completed";
  }
  // the worst passage inside the legs happens when the pull gets there: at its own time, or
  // never (NaN) when its loads end before
  if (summary.bar_inside_legs.value > 0.0) {
    const double reached = recorder.inside_time();
    const bool lift_failed = failed && !recorder.set_down() && !recorder.dropped();
    const bool ends_before = lift_failed && !(reached <= recorder.failure_time());
    summary.bar_inside_legs.time = ends_before ? std::numeric_limits<double>::quiet_NaN() : reached;
  }
}

// Room for `rows` samples in every channel. Growing zero-fills the new rows, so the series
// start at the planned length and grow only for a pull that runs longer (it grinds): zeroing
// the whole time allowance (4x the plan) cost more than a fifth of a default pull.
void reserve_rows(Result& result, std::size_t rows) {
  for (int c = 0; c < kNumChannels; ++c) result.series[c].resize(rows * kChannels[c].width);
}

// The series hold exactly the recorded samples (shrinking keeps the capacity: no allocation).
void trim_series(Result& result) {
  if (!result.options.store_series) return;
  for (int c = 0; c < kNumChannels; ++c) {
    result.series[c].resize(result.samples * kChannels[c].width);
  }
}

void run_pull(Model& model, const Setup& setup, const SimulationOptions& options, Result& result,
              bool follow_exactly) {
  if (!fits_setup(model, setup)) {
    // a chest hold holds the load with its elbows bent, a stance sets the legs seen from the
    // side: a copy of the model for this setup; the caller's model is left as it was
    Model other = model_for_setup(model, setup);
    if (!fits_setup(other, setup)) throw std::logic_error("model_for_setup does not fit");
    return run_pull(other, setup, options, result, follow_exactly);
  }
  set_bar_mass(model, setup.load);
  const ReferenceMotion plan = make_reference(model, setup);
  const SpineInputs spine = spine_inputs(setup);

  result.lifter = model.lifter;
  result.setup = setup;
  result.options = options;
  result.summary = Summary{};
  Summary& summary = result.summary;
  record_start(plan, summary);

  // at most `count` samples: a pull that grinds to the time allowance. The series are sized
  // for the plan and double when a slower pull needs more; a reused Result keeps its capacity,
  // so the integration loop allocates only for a pull longer than any before it. The pull ends
  // when the plan's clock reaches its end.
  auto samples_in = [&](double duration) {
    return static_cast<std::size_t>(std::floor(duration * options.rate + 1e-9)) + 1;
  };
  const std::size_t count = samples_in(kTimeAllowance * plan.end_time);
  std::size_t rows = options.store_series ? samples_in(plan.end_time) : 0;
  result.samples = 0;
  reserve_rows(result, rows);

  const double omega = 2.0 * std::numbers::pi * options.tracking_frequency;
  const Controller controller{model,
                              plan,
                              omega * omega,
                              2.0 * options.tracking_damping * omega,
                              bands_of(setup),
                              plan.bar_y[0],
                              plan.bar_y[1] - plan.bar_y[0]};
  Data data;
  Recorder recorder(model, plan, controller, spine, options, data, result);

  // the start posture (or the hang) at rest, on the plan's clock at its tempo
  ReferenceState ref = evaluate_reference(plan, 0.0);
  State x = on_plan(ref, 0.0);
  Controller::Action action = controller.evaluate(data, x, ref);
  bool failed = !recorder.record(0, 0.0, x, action);
  std::size_t next = 1;
  bool finished = false;  // the plan's clock reached its end

  // While the lifter follows the plan at its tempo within strength, the plan is the motion:
  // the tracking error e = q - q_plan obeys e'' + Kd e' + Kp e = 0 (eq. 5.4 with tau = M v + h)
  // from e(0) = e'(0) = 0, so it stays 0, and the state is the plan's, exactly, without
  // integration. The plan's strength is checked at every sample (and at least every
  // kPlanCheckSpacing: closer than the stepper's own stages); where a joint would need more
  // than it has, the pull is integrated from the last point that followed, and the stepper
  // finds where between the two the limit binds (docs/model.md 5.5).
  double t_on_plan = 0.0;
  bool following = follow_exactly && action.effort == Controller::Effort::kFollowing;
  const int checks =
      std::max(1, static_cast<int>(std::ceil(1.0 / (options.rate * kPlanCheckSpacing) - 1e-9)));
  while (following && !failed && !finished && next < count) {
    const double t = static_cast<double>(next) / options.rate;
    for (int i = 1; i <= checks && following; ++i) {  // the last check is the sample itself
      const double t_check = t_on_plan + (t - t_on_plan) * i / checks;
      ref = evaluate_reference(plan, t_check);
      x = on_plan(ref, t_check);
      action = controller.evaluate(data, x, ref);
      following = action.effort == Controller::Effort::kFollowing;
    }
    if (!following) break;
    if (options.store_series && next >= rows) {
      reserve_rows(result, rows = std::min(2 * rows, count));
    }
    failed = !recorder.record(next, t, x, action);
    finished = t >= plan.end_time - 1e-9;
    t_on_plan = t;
    ++next;
  }
  if (!following) x = on_plan(evaluate_reference(plan, t_on_plan), t_on_plan);

  auto stepper = odeint::make_dense_output(options.atol, options.rtol,
                                           odeint::runge_kutta_dopri5<State>());
  stepper.initialize(x, t_on_plan, kInitialStep);
  const PullSystem system{controller, data};
  const auto max_steps = static_cast<std::size_t>(options.max_steps);
  State sample{};
  while (!failed && !finished && next < count) {
    stepper.do_step(system);
    if (++summary.steps > max_steps) {
      summary.status = "stopped: more than " + exact_number(options.max_steps) +
                       " integration steps (raise max_steps or loosen rtol/atol)";
      summary.completed = false;
      trim_series(result);
      return;
    }
    while (!failed && !finished && next < count) {
      const double t = static_cast<double>(next) / options.rate;
      if (t > stepper.current_time()) break;
      stepper.calc_state(t, sample);
      if (options.store_series && next >= rows) {
        reserve_rows(result, rows = std::min(2 * rows, count));
      }
      failed = !recorder.record(next, t, sample);
      finished = sample[kClock] >= plan.end_time - 1e-9;
      ++next;
    }
  }
  finish_summary(model, recorder, failed, summary);
  trim_series(result);
}

}  // namespace

bool fits_setup(const Model& model, const Setup& setup) {
  return (setup.lockout_load == "chest") == model.arms_folded &&
         setup.stance_width == model.stance.width &&
         setup.foot_angle_deg * kDegToRad == model.stance.foot_angle;
}

Model model_for_setup(const Model& model, const Setup& setup) {
  if (fits_setup(model, setup)) return model;
  return with_arms_and_stance(model, setup.lockout_load == "chest", setup.stance_width,
                              setup.foot_angle_deg * kDegToRad);
}

Model model_for_setup(const Lifter& lifter, const Setup& setup) {
  return model_for_setup(make_model(lifter, setup.load), setup);
}

namespace {

// A load given as a percentage of the one-rep max becomes kilograms first (docs/model.md 5.8).
void run_pull_at_load(Model& model, const Setup& setup, const SimulationOptions& options,
                      Result& result, bool follow_exactly = true) {
  if (setup.load_percent <= 0.0) return run_pull(model, setup, options, result, follow_exactly);
  const OneRepMax max = one_rep_max(model.lifter, setup, options);
  if (max.load <= 0.0) {
    throw InputError("load_percent", exact_number(setup.load_percent) + "%",
                     "this lifter completes no load with this setup, so a percentage of the "
                     "one-rep max has nothing to refer to");
  }
  Setup resolved = setup;
  resolved.load = setup.load_percent / 100.0 * max.load;
  run_pull(model, resolved, options, result, follow_exactly);
  result.summary.one_rep_max = max.load;
}

}  // namespace

void simulate_into(Model& model, const Setup& setup, const SimulationOptions& options,
                   Result& result) {
  validate_fields(setup);
  validate_fields(options);
  run_pull_at_load(model, setup, options, result);
}

void simulate_into(const Lifter& lifter, const Setup& setup, const SimulationOptions& options,
                   Result& result) {
  validate_fields(setup);
  validate_fields(options);
  Model model = make_model(lifter);  // validates the lifter
  run_pull_at_load(model, setup, options, result);
}

namespace detail {
void simulate_integrated_into(const Lifter& lifter, const Setup& setup,
                              const SimulationOptions& options, Result& result) {
  validate_fields(setup);
  validate_fields(options);
  Model model = make_model(lifter);
  run_pull_at_load(model, setup, options, result, false);
}
}  // namespace detail

Result simulate(const Lifter& lifter, const Setup& setup, const SimulationOptions& options) {
  Result result;
  simulate_into(lifter, setup, options, result);
  return result;
}

}  // namespace spineload
