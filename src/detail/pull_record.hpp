// What a pull records at each sample, shared by simulated pulls (simulate.cpp) and measured
// ones (analyze.cpp): the summary's peaks, ranges and events, and one row of every channel.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "angles.hpp"
#include "spineload/loads.hpp"
#include "spineload/result.hpp"
#include "spineload/strength.hpp"

namespace spineload::detail {

inline constexpr double kLockoutTolerance = 0.005;  // m, bar this close to the lockout height
inline constexpr double kLiftoffRise = 0.01;        // m, the bar this far up has left the floor
inline constexpr double kSlowedTempo = 0.95;        // a tempo below this marks a sticking point

// A later sample takes over a peak (or a least value) only if it passes it by more than this
// relative amount. A lowering that mirrors the rise, or an RDL's descent and rise, makes the
// same loads twice up to round-off, and round-off (another compiler, another CPU) would
// otherwise decide which of the two times is printed: this way it is always the first.
inline constexpr double kPeakTie = 1e-9;

inline bool passes(double value, double current) {
  return value > current + kPeakTie * std::abs(current);
}

inline void update_peak(Peak& peak, double value, double t, bool by_magnitude) {
  const bool larger =
      by_magnitude ? passes(std::abs(value), std::abs(peak.value)) : passes(value, peak.value);
  if (larger) peak = {value, t};
}

// Peaks, ranges and the first strength limit over the recorded samples.
class SummaryAccumulator {
 public:
  SummaryAccumulator(const Model& model, double start_bar_y, double lockout_bar_y, Summary& summary)
      : model_(model),
        start_bar_y_(start_bar_y),
        lockout_bar_y_(lockout_bar_y),
        summary_(summary) {}

  void add(bool first, double t, const StateLoads& loads, const TorqueLimits& limit, bool limited,
           double rate, double trunk_angle, double knee_y, Eigen::Index weakest = -1) {
    Summary& s = summary_;
    const L4L5Loads& l = loads.l4l5;
    if (passes(l.moment, s.peak_moment.value)) {
      // the partition of McGill & Norman (1986) at the peak moment; a share of almost no
      // moment (a hold with the load at the sides) is not a number
      constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
      const bool shares = l.moment >= 1.0;  // N*m
      s.muscle_share_at_peak = shares ? l.muscle_moment / l.moment : kNaN;
      s.passive_share_at_peak = shares ? l.passive_moment / l.moment : kNaN;
      s.iap_share_at_peak = shares ? l.iap_moment / l.moment : kNaN;
    }
    update_peak(s.peak_moment, l.moment, t, false);
    s.peak_activation = std::max(s.peak_activation, l.peak_activation);
    if (first || passes(-l.stiffness, -s.min_stiffness.value)) s.min_stiffness = {l.stiffness, t};
    if (first || passes(-l.stability, -s.min_stability.value)) s.min_stability = {l.stability, t};
    update_peak(s.peak_compression, loads.l4l5.compression, t, false);
    update_peak(s.peak_anterior_shear, loads.l4l5.shear, t, false);
    update_peak(s.peak_posterior_shear, -loads.l4l5.shear, t, false);
    update_peak(s.peak_extensor_force, loads.l4l5.extensor_force, t, false);
    update_peak(s.peak_l5s1_moment, loads.l5s1.moment, t, false);
    update_peak(s.peak_l5s1_compression, loads.l5s1.compression, t, false);
    update_peak(s.peak_l5s1_anterior_shear, loads.l5s1.shear, t, false);
    if (!first) {
      s.cumulative_compression += 0.5 * (last_compression_ + l.compression) * (t - last_time_);
    }
    last_compression_ = l.compression;
    last_time_ = t;
    // LiFFT's horizontal distance over the lift: a descent from the hang included, the bar's
    // way back down after lockout not (it sets the bar down where it started)
    const double lever = loads.bar_position.x() - loads.l4l5_position.x();
    if (!lift_over_) {
      update_peak(s.peak_lever, lever, t, true);
      s.load_moment = model_.bar_mass * model_.gravity * std::abs(s.peak_lever.value);
    }
    const double cop = loads.ground.cop_x;
    s.cop_min = first ? cop : std::min(s.cop_min, cop);
    s.cop_max = first ? cop : std::max(s.cop_max, cop);
    // each torque against the strength on its side at this speed
    Eigen::Index nearest_limit = 0;
    double ratio = 0;
    for (int j = 0; j < kNumJoints; ++j) {
      const double r =
          loads.tau[j] < 0 ? loads.tau[j] / limit.lower[j] : loads.tau[j] / limit.upper[j];
      if (r > ratio) {
        ratio = r;
        nearest_limit = j;
      }
    }
    s.max_torque_ratio = std::max(s.max_torque_ratio, ratio);
    if (limited && limiting_joint_ < 0) {
      // the joint whose strength bound the motion (else the one nearest its limit)
      limiting_joint_ = weakest >= 0 ? weakest : nearest_limit;
      limit_time_ = t;
      const auto j = limiting_joint_;
      limit_strength_ = loads.tau[j] < 0 ? -limit.lower[j] : limit.upper[j];
    }
    // the sticking point and the events belong to the rise, not to a descent from the hang
    if (!rising_) return;
    // the sticking point: where strength held the bar furthest behind the plan's tempo
    if (rate < s.slowest_tempo) {
      s.slowest_tempo = rate;
      if (rate < kSlowedTempo) {
        s.sticking_time = t;
        s.sticking_height = loads.bar_position.y();
      }
    }
    // events of the rise, each with the lever and the trunk angle there
    const double bar_y = loads.bar_position.y();
    const double trunk_deg = trunk_angle * kRadToDeg;
    if (std::isnan(s.liftoff_time) && bar_y >= start_bar_y_ + kLiftoffRise) {
      s.liftoff_time = t;
      s.liftoff_lever = lever;
      s.liftoff_trunk_deg = trunk_deg;
    }
    // the bar passes the knee only if it was below it: a rack pull from above the knee has no
    // knee passage (it used to report one at its first sample)
    if (bar_y < knee_y) below_knee_ = true;
    if (std::isnan(s.knee_time) && below_knee_ && bar_y >= knee_y) {
      s.knee_time = t;
      s.knee_height = bar_y;
      s.knee_lever = lever;
      s.knee_trunk_deg = trunk_deg;
    }
    if (std::isnan(s.lockout_time) && bar_y >= lockout_bar_y_ - kLockoutTolerance) {
      s.lockout_time = t;
      s.lockout_lever = lever;
      s.lockout_trunk_deg = trunk_deg;
    }
  }

  // Whether the bar is on its way up (false while it is lowered from the hang).
  void set_rising(bool rising) { rising_ = rising; }
  // Whether the lift is over: the bar on its way back down after lockout.
  void set_lift_over(bool over) { lift_over_ = over; }
  Eigen::Index limiting_joint() const { return limiting_joint_; }  // -1: no limit bound
  double limit_time() const { return limit_time_; }
  double limit_strength() const { return limit_strength_; }  // N*m, at that angle and speed

 private:
  const Model& model_;
  double start_bar_y_, lockout_bar_y_;  // m
  Summary& summary_;
  Eigen::Index limiting_joint_ = -1;
  double limit_time_ = 0;
  double limit_strength_ = 0;
  bool rising_ = true;
  bool lift_over_ = false;
  bool below_knee_ = false;  // the bar has been below the knee on its way up
  double last_compression_ = 0, last_time_ = 0;  // N, s: the sample before, for the integral
};

// Writes sample k of every channel (buffers sized beforehand: no allocation).
inline void write_sample(Result& result, std::size_t k, double t, const Vec5& q, const Vec5& qdot,
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
  put(Channel::kMuscleMoment, l.muscle_moment);
  static_assert(kNumMuscleGroups == 6, "one value per muscle group");
  const MuscleArray& f = l.muscle_force;
  put(Channel::kMuscles, f[0], f[1], f[2], f[3], f[4], f[5]);
  put(Channel::kStiffness, l.stiffness);
  put(Channel::kStability, l.stability);
  const L5S1Loads& l5 = loads.l5s1;
  put(Channel::kL5S1Moment, l5.moment);
  put(Channel::kL5S1Compression, l5.compression);
  put(Channel::kL5S1Shear, l5.shear);
  put(Channel::kL5S1Force, l5.force_W.x(), l5.force_W.y());
  put(Channel::kL5S1ExtensorForce, l5.extensor_force);
  put(Channel::kL5S1Position, loads.l5s1_position.x(), loads.l5s1_position.y());
  result.samples = k + 1;
}

}  // namespace spineload::detail
