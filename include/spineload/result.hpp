// What a simulated pull produces: time series (one table of channels drives HDF5 datasets,
// NumPy arrays and DataFrame columns) and a summary of peaks.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "spineload/lifter.hpp"
#include "spineload/model.hpp"
#include "spineload/options.hpp"
#include "spineload/setup.hpp"

namespace spineload {

/// Output channels. Each has a path (HDF5 dataset, Python attribute with '/' -> '.'), a unit,
/// a width (columns per sample) and column names.
enum class Channel : int {
  kTime,
  kQ,
  kQdot,
  kQddot,
  kTau,
  kBar,
  kGrf,
  kCop,
  kMoment,
  kCompression,
  kShear,
  kForce,
  kExtensorForce,
  kPassiveMoment,
  kIapForce,
  kL4L5Position,
  kMuscleMoment,
  kMuscles,
  kStiffness,
  kStability,
  kL5S1Moment,
  kL5S1Compression,
  kL5S1Shear,
  kL5S1Force,
  kL5S1ExtensorForce,
  kL5S1Position,
  kCount
};
inline constexpr int kNumChannels = static_cast<int>(Channel::kCount);

struct ChannelInfo {
  std::string_view path;
  std::string_view unit;
  int width;
  std::string_view doc;
  std::array<std::string_view, 6> columns;  // first `width` are used
};

inline constexpr std::array<ChannelInfo, kNumChannels> kChannels = {{
    {"time", "s", 1, "sample time", {"time"}},
    {"q",
     "rad",
     5,
     "joint angles, anatomical (+ flexion / dorsiflexion)",
     {"ankle", "knee", "hip", "lumbar", "shoulder"}},
    {"qdot",
     "rad/s",
     5,
     "joint angular velocities",
     {"ankle", "knee", "hip", "lumbar", "shoulder"}},
    {"qddot",
     "rad/s^2",
     5,
     "joint angular accelerations",
     {"ankle", "knee", "hip", "lumbar", "shoulder"}},
    {"tau",
     "N*m",
     5,
     "joint torques applied by the lifter, + flexion",
     {"ankle", "knee", "hip", "lumbar", "shoulder"}},
    {"bar", "m", 2, "bar centre position", {"x", "y"}},
    {"grf", "N", 2, "ground reaction force on both feet", {"x", "y"}},
    {"cop", "m", 1, "centre of pressure ahead of mid-foot", {"x"}},
    {"l4l5/moment", "N*m", 1, "net L4-L5 moment, + extension", {"moment"}},
    {"l4l5/compression", "N", 1, "disc compression, + compressive", {"compression"}},
    {"l4l5/shear", "N", 1, "disc shear, + anterior shear of L4 on L5", {"shear"}},
    {"l4l5/force", "N", 2, "net force of pelvis on trunk, world axes", {"x", "y"}},
    {"l4l5/extensor_force",
     "N",
     1,
     "the equivalent extensor, or the extensor groups together",
     {"extensor_force"}},
    {"l4l5/passive_moment", "N*m", 1, "passive tissue moment, + extension", {"passive_moment"}},
    {"l4l5/iap_force",
     "N",
     1,
     "intra-abdominal pressure force (iap_kpa, or the pressure a brace makes)",
     {"iap_force"}},
    {"l4l5/position",
     "m",
     2,
     "L4-L5 joint centre, world axes (bar x minus this x = lever)",
     {"x", "y"}},
    {"l4l5/muscle_moment",
     "N*m",
     1,
     "moment of the muscles together, + extension",
     {"muscle_moment"}},
    {"l4l5/muscles",
     "N",
     kNumMuscleGroups,
     "force of each lumbar muscle group (spine_model = fascicles; zeros otherwise)",
     {kMuscleGroupNames[0], kMuscleGroupNames[1], kMuscleGroupNames[2], kMuscleGroupNames[3],
      kMuscleGroupNames[4], kMuscleGroupNames[5]}},
    {"l4l5/stiffness",
     "N*m/rad",
     1,
     "L4-L5 rotational stiffness of muscles and passive tissue",
     {"stiffness"}},
    {"l4l5/stability",
     "N*m/rad",
     1,
     "stiffness minus gravity's destabilising stiffness above L4-L5 (> 0: stable)",
     {"stability"}},
    {"l5s1/moment", "N*m", 1, "net L5-S1 moment, + extension", {"moment"}},
    {"l5s1/compression", "N", 1, "L5-S1 disc compression, + compressive", {"compression"}},
    {"l5s1/shear", "N", 1, "L5-S1 disc shear, + anterior shear of L5 on S1", {"shear"}},
    {"l5s1/force",
     "N",
     2,
     "net force of the body below L5-S1 on the body above, world axes",
     {"x", "y"}},
    {"l5s1/extensor_force", "N", 1, "the equivalent extensor at L5-S1", {"extensor_force"}},
    {"l5s1/position", "m", 2, "L5-S1 disc centre, world axes", {"x", "y"}},
}};

inline const ChannelInfo& channel_info(Channel c) { return kChannels[static_cast<int>(c)]; }

/// Name of one column of a channel in flat tables (Result.to_pandas, the /series of a sweep
/// file): the path with '/' -> '_', plus "_<column>" for multi-column channels ("q_ankle",
/// "l4l5_force_x", "l4l5_moment").
inline std::string channel_column_name(const ChannelInfo& info, int column) {
  std::string name(info.path);
  for (char& ch : name) {
    if (ch == '/') ch = '_';
  }
  if (info.width > 1) name.append("_").append(info.columns[column]);
  return name;
}

/// Summary::bar_inside_legs beyond which the text summary flags the bar path (m).
inline constexpr double kBarInsideFlag = 0.01;

struct Peak {
  double value = 0;  // in the channel's unit
  double time = 0;   // s
};

/// Landmarks reported at the start: the chain's six plus the bar.
inline constexpr std::array<std::string_view, 7> kStartLandmarkNames = {
    "ankle", "knee", "hip", "l4l5", "shoulder", "hand", "bar"};
/// Start angles reported in degrees: five joints plus the trunk angle.
inline constexpr std::array<std::string_view, 6> kStartAngleNames = {
    "ankle", "knee", "hip", "lumbar", "shoulder", "trunk"};

struct Summary {
  bool completed = false;
  std::string status =
      "not run";             // "completed" (or "completed; ..." a dropped lowering), or why not
  Peak peak_moment;          // N*m
  Peak peak_compression;     // N
  Peak peak_anterior_shear;   // N, largest anterior shear of L4 on L5 (0 if none)
  Peak peak_posterior_shear;  // N, largest posterior shear, as a positive number (0 if none)
  Peak peak_extensor_force;  // N
  // the same one disc lower (docs/model.md 6.10)
  Peak peak_l5s1_moment;          // N*m
  Peak peak_l5s1_compression;     // N
  Peak peak_l5s1_anterior_shear;  // N, largest anterior shear of L5 on S1 (0 if none)
  // N*s, the compression integrated over the recorded pull (trapezoid over its samples): the
  // "cumulative compression" of occupational studies (Norman et al. 1998), here of one pull
  double cumulative_compression = 0;
  // the moment's partition at the peak-moment instant (fractions of it; they sum to 1 while
  // the muscles pull): muscles, passive tissue, intra-abdominal pressure
  double muscle_share_at_peak = std::numeric_limits<double>::quiet_NaN();
  double passive_share_at_peak = std::numeric_limits<double>::quiet_NaN();
  double iap_share_at_peak = std::numeric_limits<double>::quiet_NaN();
  // the largest muscle activation (> 1: beyond capacity) and the least L4-L5 rotational
  // stiffness over the pull (N*m/rad)
  double peak_activation = 0;
  Peak min_stiffness{std::numeric_limits<double>::quiet_NaN(), 0};  // NaN until a sample
  Peak min_stability{std::numeric_limits<double>::quiet_NaN(), 0};  // N*m/rad, eq. 6.9
  // events of the rise (NaN if never): the bar 1 cm off the floor, passing the knee, at the
  // planned lockout height; at each the bar's horizontal lever about L4-L5 (m) and the trunk
  // angle above horizontal (deg)
  double liftoff_time = std::numeric_limits<double>::quiet_NaN();  // s
  double liftoff_lever = std::numeric_limits<double>::quiet_NaN();  // m
  double liftoff_trunk_deg = std::numeric_limits<double>::quiet_NaN();
  double knee_time = std::numeric_limits<double>::quiet_NaN();  // s
  double knee_height = std::numeric_limits<double>::quiet_NaN();  // m, bar (= knee) height
  double knee_lever = std::numeric_limits<double>::quiet_NaN();  // m
  double knee_trunk_deg = std::numeric_limits<double>::quiet_NaN();
  double lockout_time = std::numeric_limits<double>::quiet_NaN();  // s, NaN if never
  double lockout_lever = std::numeric_limits<double>::quiet_NaN();  // m
  double lockout_trunk_deg = std::numeric_limits<double>::quiet_NaN();
  // the bar's largest horizontal distance from L4-L5 over the lift (m; + in front): the
  // recorded samples but the way back down after lockout (a measured lift: every sample
  // analysed), and LiFFT's peak load moment, the load's weight times that distance (N*m,
  // docs/model.md 5.10; the body's own weight is not in it)
  Peak peak_lever;
  double load_moment = 0;
  double slowest_tempo = 1;  // lowest pace relative to the plan (1: never held back)
  double sticking_time = std::numeric_limits<double>::quiet_NaN();    // s, at the slowest
  double sticking_height = std::numeric_limits<double>::quiet_NaN();  // m, bar there
  double cop_min = 0, cop_max = 0;  // m, range of the centre of pressure
  bool cop_inside_foot = true;      // false: the lifter would tip
  double max_torque_ratio = 0;      // largest |tau| / strength over the pull
  std::string limiting_joint;       // first joint whose strength limit bound; "" if none
  double limit_time = std::numeric_limits<double>::quiet_NaN();  // s, when it first bound
  double start_com_x = 0;  // m, lifter+bar centre of mass ahead of mid-foot at the start
  // the most the planned bar passes inside the legs' clearance (m; 0: it stays clear; over
  // 1 cm the text summary flags it, docs/model.md 5.2) and when the pull got there on the way
  // up (NaN if clear, or if its loads ended before; both NaN for a measured lift)
  Peak bar_inside_legs{0, std::numeric_limits<double>::quiet_NaN()};
  double one_rep_max = std::numeric_limits<double>::quiet_NaN();  // kg, when load_percent set
  std::array<double, 6> start_angles_deg{};    // ankle, knee, hip, lumbar, shoulder, trunk
  std::array<Vec2, 7> start_landmarks{};       // m
  std::size_t steps = 0;                       // adaptive steps taken
};

/// Whether a summary flags its bar path: the planned bar passes more than kBarInsideFlag
/// inside the legs' clearance, at a point the pull reached (docs/model.md 5.2).
inline bool bar_path_flagged(const Summary& s) {
  return s.bar_inside_legs.value > kBarInsideFlag && std::isfinite(s.bar_inside_legs.time);
}

/// Visits every scalar field of a Summary in one fixed order: visit(name, value, unit).
/// Values are bool, std::string, double or std::size_t. This list drives the JSON summary,
/// the HDF5 attributes, the sweep columns and the Python sweep table, so a new quantity is one
/// line here. The arrays start_angles_deg and start_landmarks are written by each format.
template <class S, class Visitor>
  requires std::is_same_v<std::remove_const_t<S>, Summary>
void for_each_summary_field(S& s, Visitor&& visit) {
  visit("completed", s.completed, "");
  visit("status", s.status, "");
  visit("peak_moment", s.peak_moment.value, "N*m");
  visit("peak_moment_time", s.peak_moment.time, "s");
  visit("peak_compression", s.peak_compression.value, "N");
  visit("peak_compression_time", s.peak_compression.time, "s");
  visit("peak_anterior_shear", s.peak_anterior_shear.value, "N");
  visit("peak_anterior_shear_time", s.peak_anterior_shear.time, "s");
  visit("peak_posterior_shear", s.peak_posterior_shear.value, "N");
  visit("peak_posterior_shear_time", s.peak_posterior_shear.time, "s");
  visit("peak_extensor_force", s.peak_extensor_force.value, "N");
  visit("peak_extensor_force_time", s.peak_extensor_force.time, "s");
  visit("peak_l5s1_moment", s.peak_l5s1_moment.value, "N*m");
  visit("peak_l5s1_moment_time", s.peak_l5s1_moment.time, "s");
  visit("peak_l5s1_compression", s.peak_l5s1_compression.value, "N");
  visit("peak_l5s1_compression_time", s.peak_l5s1_compression.time, "s");
  visit("peak_l5s1_anterior_shear", s.peak_l5s1_anterior_shear.value, "N");
  visit("peak_l5s1_anterior_shear_time", s.peak_l5s1_anterior_shear.time, "s");
  visit("cumulative_compression", s.cumulative_compression, "N*s");
  visit("muscle_share_at_peak", s.muscle_share_at_peak, "");
  visit("passive_share_at_peak", s.passive_share_at_peak, "");
  visit("iap_share_at_peak", s.iap_share_at_peak, "");
  visit("peak_activation", s.peak_activation, "");
  visit("min_stiffness", s.min_stiffness.value, "N*m/rad");
  visit("min_stiffness_time", s.min_stiffness.time, "s");
  visit("min_stability", s.min_stability.value, "N*m/rad");
  visit("min_stability_time", s.min_stability.time, "s");
  visit("liftoff_time", s.liftoff_time, "s");
  visit("liftoff_lever", s.liftoff_lever, "m");
  visit("liftoff_trunk_deg", s.liftoff_trunk_deg, "deg");
  visit("knee_time", s.knee_time, "s");
  visit("knee_height", s.knee_height, "m");
  visit("knee_lever", s.knee_lever, "m");
  visit("knee_trunk_deg", s.knee_trunk_deg, "deg");
  visit("lockout_time", s.lockout_time, "s");
  visit("lockout_lever", s.lockout_lever, "m");
  visit("lockout_trunk_deg", s.lockout_trunk_deg, "deg");
  visit("peak_lever", s.peak_lever.value, "m");
  visit("peak_lever_time", s.peak_lever.time, "s");
  visit("load_moment", s.load_moment, "N*m");
  visit("slowest_tempo", s.slowest_tempo, "");
  visit("sticking_time", s.sticking_time, "s");
  visit("sticking_height", s.sticking_height, "m");
  visit("cop_min", s.cop_min, "m");
  visit("cop_max", s.cop_max, "m");
  visit("cop_inside_foot", s.cop_inside_foot, "");
  visit("max_torque_ratio", s.max_torque_ratio, "");
  visit("limiting_joint", s.limiting_joint, "");
  visit("limit_time", s.limit_time, "s");
  visit("start_com_x", s.start_com_x, "m");
  visit("bar_inside_legs", s.bar_inside_legs.value, "m");
  visit("bar_inside_legs_time", s.bar_inside_legs.time, "s");
  visit("one_rep_max", s.one_rep_max, "kg");
  visit("steps", s.steps, "");
}

/// One simulated pull.
struct Result {
  Lifter lifter;
  Setup setup;
  SimulationOptions options;
  Summary summary;
  // "" for a simulated pull; "measured: <file>" for a filmed one (analyze.hpp)
  std::string source;
  std::size_t samples = 0;
  // row-major series, samples x width, indexed by Channel
  std::array<std::vector<double>, kNumChannels> series;

  const std::vector<double>& channel(Channel c) const { return series[static_cast<int>(c)]; }
  std::vector<double>& channel(Channel c) { return series[static_cast<int>(c)]; }
};

}  // namespace spineload
