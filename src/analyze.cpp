// A filmed lift to loads (docs/model.md, section 8): scale, level, fill, filter, fit the chain
// frame by frame, differentiate, and run the inverse dynamics and spine model of a pull.
#include "spineload/analyze.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <numbers>

#include <Eigen/Cholesky>

#include "spineload/config.hpp"
#include "spineload/error.hpp"
#include "spineload/kinematics.hpp"
#include "spineload/loads.hpp"
#include "spineload/simulate.hpp"
#include "detail/angles.hpp"
#include "detail/format.hpp"
#include "detail/pull_record.hpp"

namespace spineload {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPi = std::numbers::pi;
using detail::kDegToRad;
// the bar counts as resting on the floor within this of its lowest point (noise of a
// filtered keypoint is about 1 mm)
constexpr double kRestBand = 0.005;  // m
// the bar has left its resting height once this far above it
constexpr double kBreakRise = 0.002;  // m
// a measured lift is locked out where the bar is highest with the knees and hips this straight
constexpr double kLockoutKneeDeg = 20.0, kLockoutHipDeg = 30.0;
// the lumbar angle is held by this weight (m of residual per rad) when no l4l5 point is seen
constexpr double kLumbarHoldWeight = 10.0;
// a fitted point further than this (RMS) from the chain means the points are not this chain
constexpr double kMaxFitResidual = 0.05;  // m
// slower than this is not a film of a lift (nor enough frames for the filter)
constexpr double kMinFps = 10.0;
// a bar resting this long at its lowest at the end of a clip from the hang has been set down
constexpr double kSetDownRest = 0.2;  // s
// the bar must be in the hands at least this long for the filter and rates to mean something
constexpr double kMinAnalysed = 0.3;  // s

double median(std::vector<double> values) {
  values.erase(
      std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
      values.end());
  if (values.empty()) return kNaN;
  const auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), mid, values.end());
  return *mid;
}

std::string cm(double metres) { return detail::format("%.1f cm", 100.0 * metres); }

// One landmark's positions in the working frame (m once scaled; x forward, y up).
struct Path {
  std::vector<double> x, y;
  bool present = false;
};

// Fills gaps of a missing point no longer than `max_gap` (linear inside, held at the ends).
// Returns the longest gap (s) it filled; a longer one is returned as negative, unfilled.
double fill_gaps(Path& p, const std::vector<double>& time, double max_gap, double& long_gap_start) {
  const std::size_t n = time.size();
  const double dt = (time.back() - time.front()) / static_cast<double>(n - 1);
  double longest = 0;
  std::size_t i = 0;
  while (i < n) {
    if (std::isfinite(p.x[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < n && !std::isfinite(p.x[j])) ++j;
    // a gap of frames i..j-1; its length in time, counting the missing frames
    const double gap = static_cast<double>(j - i) * dt;
    if (i == 0 && j == n) return -1e9;
    if (gap > max_gap + 1e-9) {
      long_gap_start = time[i];
      return -gap;
    }
    longest = std::max(longest, gap);
    for (std::size_t k = i; k < j; ++k) {
      if (i == 0) {
        p.x[k] = p.x[j];
        p.y[k] = p.y[j];
      } else if (j == n) {
        p.x[k] = p.x[i - 1];
        p.y[k] = p.y[i - 1];
      } else {
        const double s = (time[k] - time[i - 1]) / (time[j] - time[i - 1]);
        p.x[k] = p.x[i - 1] + s * (p.x[j] - p.x[i - 1]);
        p.y[k] = p.y[i - 1] + s * (p.y[j] - p.y[i - 1]);
      }
    }
    i = j;
  }
  return longest;
}

// The chain fitted to one frame: least squares over the tracked chain points (knee, hip,
// l4l5, shoulder, hand) with the ankle pinned to the model's, by Gauss-Newton with a
// Levenberg damping; the lumbar angle held at a prior when no l4l5 point is tracked. Fixed
// sizes: no allocation.
class ChainFit {
 public:
  ChainFit(const Model& model, bool fit_lumbar, double lumbar_prior)
      : model_(model), fit_lumbar_(fit_lumbar), lumbar_prior_(lumbar_prior) {
    for (int i = 0; i < kNumJoints; ++i) length_[i] = model.segments[i].length;
  }

  // target[k] for chain landmark k (1 knee .. 5 hand); NaN x = not tracked
  Vec5 solve(const std::array<Vec2, kNumLandmarks>& target, Vec5 q) const {
    double lambda = 1e-6;
    double cost = evaluate(target, q, nullptr, nullptr);
    for (int iteration = 0; iteration < 50; ++iteration) {
      Eigen::Matrix<double, 11, 1> r;
      Eigen::Matrix<double, 11, 5> J;
      evaluate(target, q, &r, &J);
      const Mat5 JtJ = J.transpose() * J;
      const Vec5 g = J.transpose() * r;
      bool improved = false;
      for (int attempt = 0; attempt < 10 && !improved; ++attempt) {
        Mat5 A = JtJ;
        A.diagonal().array() += lambda * (1.0 + JtJ.diagonal().array());
        const Vec5 step = A.ldlt().solve(-g);
        const double trial = evaluate(target, q + step, nullptr, nullptr);
        if (trial <= cost) {
          q += step;
          const double gain = cost - trial;
          cost = trial;
          lambda = std::max(lambda * 0.1, 1e-12);
          improved = true;
          if (step.cwiseAbs().maxCoeff() < 1e-10 || gain < 1e-18) return q;
        } else {
          lambda *= 10.0;
        }
      }
      if (!improved) return q;
    }
    return q;
  }

  // The chain's landmarks for q (ankle pinned).
  std::array<Vec2, kNumLandmarks> landmarks(const Vec5& q) const {
    return landmarks_along(directions(q));
  }

 private:
  // The segments' unit vectors (cos phi, sin phi) for q.
  static std::array<Vec2, kNumJoints> directions(const Vec5& q) {
    const Vec5 phi = segment_angles(q);
    std::array<Vec2, kNumJoints> u;
    for (int i = 0; i < kNumJoints; ++i) u[i] = Vec2(std::cos(phi[i]), std::sin(phi[i]));
    return u;
  }

  std::array<Vec2, kNumLandmarks> landmarks_along(const std::array<Vec2, kNumJoints>& u) const {
    std::array<Vec2, kNumLandmarks> p{};
    p[0] = model_.ankle;
    for (int i = 0; i < kNumJoints; ++i) p[i + 1] = p[i] + length_[i] * u[i];
    return p;
  }

  // Half the sum of squared residuals; with r and J, the residuals and their Jacobian. Each
  // segment's sine and cosine once (the Jacobian's sums used to take them again, 35 times).
  double evaluate(const std::array<Vec2, kNumLandmarks>& target, const Vec5& q,
                  Eigen::Matrix<double, 11, 1>* r, Eigen::Matrix<double, 11, 5>* J) const {
    const std::array<Vec2, kNumJoints> u = directions(q);
    const std::array<Vec2, kNumLandmarks> p = landmarks_along(u);
    double cost = 0;
    if (r) {
      r->setZero();
      J->setZero();
    }
    for (int k = 1; k < kNumLandmarks; ++k) {
      if (!std::isfinite(target[k].x())) continue;
      const Vec2 e = p[k] - target[k];
      cost += 0.5 * e.squaredNorm();
      if (!r) continue;
      r->segment<2>(2 * (k - 1)) = e;
      // d p_k / d q_j = s_j sum_{i=j}^{k-1} L_i (-sin phi_i, cos phi_i)
      for (int j = 0; j < k; ++j) {
        Vec2 d(0, 0);
        for (int i = j; i < k; ++i) d += length_[i] * Vec2(-u[i].y(), u[i].x());
        J->block<2, 1>(2 * (k - 1), j) = kJointSign[j] * d;
      }
    }
    if (!fit_lumbar_) {
      const double e = kLumbarHoldWeight * (q[kTrunk] - lumbar_prior_);
      cost += 0.5 * e * e;
      if (r) {
        (*r)[10] = e;
        (*J)(10, kTrunk) = kLumbarHoldWeight;
      }
    }
    return cost;
  }

  const Model& model_;
  std::array<double, kNumJoints> length_{};
  bool fit_lumbar_;
  double lumbar_prior_;
};

// Derivative of a uniformly sampled series: central differences, one-sided at the ends.
std::vector<Vec5> derivative(const std::vector<Vec5>& v, double dt) {
  const std::size_t n = v.size();
  std::vector<Vec5> d(n, Vec5::Zero());
  if (n < 2) return d;
  d[0] = (v[1] - v[0]) / dt;
  d[n - 1] = (v[n - 1] - v[n - 2]) / dt;
  for (std::size_t i = 1; i + 1 < n; ++i) d[i] = (v[i + 1] - v[i - 1]) / (2.0 * dt);
  return d;
}

// The frames on one even clock. The frame interval is the median step; a step of a whole number
// of intervals (a frame the file lacks: a skipped OpenPose file, a missing CSV row) gets the
// missing frames inserted with every point missing, which the gap filling treats as any other
// gap. Any other step is refused.
Recording on_even_clock(const Recording& given, double& fps, std::string& note) {
  const std::size_t n = given.time.size();
  std::vector<double> steps(n - 1);
  for (std::size_t i = 1; i < n; ++i) steps[i - 1] = given.time[i] - given.time[i - 1];
  const double dt = median(steps);
  fps = 1.0 / dt;
  if (fps < kMinFps) {
    throw InputError(given.path, format_number(fps) + " frames per second",
                     "a filmed lift needs at least " + format_number(kMinFps) +
                         " (is the time column in milliseconds? it must be in seconds)");
  }
  Recording out = given;
  out.time.clear();
  out.angles.clear();
  for (Track& t : out.tracks) {
    if (!t.present()) continue;
    t.x.clear();
    t.y.clear();
    t.confidence.clear();
  }
  std::size_t inserted = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double step = i == 0 ? dt : given.time[i] - given.time[i - 1];
    const double whole = std::round(step / dt);
    if (whole < 1 || std::abs(step - whole * dt) > 0.25 * dt) {
      throw InputError(
          given.path,
          "frame " + std::to_string(i + 1) + " at " + exact_number(given.time[i]) + " s",
          "frames must be evenly spaced in time (about " + format_number(dt) +
              " s apart, or a whole number of frames)");
    }
    for (int missing = 1; missing < static_cast<int>(whole); ++missing) {
      out.time.push_back(given.time[i - 1] + missing * dt);
      for (int l = 0; l < kNumLandmarkKinds; ++l) {
        if (!given.tracks[l].present()) continue;
        out.tracks[l].x.push_back(kNaN);
        out.tracks[l].y.push_back(kNaN);
        out.tracks[l].confidence.push_back(kNaN);
      }
      ++inserted;
    }
    if (!given.angles.empty() && inserted > 0) {
      throw InputError(
          given.path,
          "frame " + std::to_string(i + 1) + " at " + exact_number(given.time[i]) + " s",
          "joint angles must be evenly spaced in time (about " + format_number(dt) + " s apart)");
    }
    out.time.push_back(given.time[i]);
    for (int l = 0; l < kNumLandmarkKinds; ++l) {
      if (!given.tracks[l].present()) continue;
      out.tracks[l].x.push_back(given.tracks[l].x[i]);
      out.tracks[l].y.push_back(given.tracks[l].y[i]);
      out.tracks[l].confidence.push_back(given.tracks[l].confidence[i]);
    }
    if (!given.angles.empty()) out.angles.push_back(given.angles[i]);
  }
  if (inserted > 0) {
    note = format_number(static_cast<double>(inserted)) + (inserted == 1 ? " frame" : " frames") +
           " missing from the file (skipped times or frame numbers) inserted as missing points";
  }
  return out;
}

}  // namespace

void low_pass(std::vector<double>& signal, double rate, double cutoff) {
  const std::size_t n = signal.size();
  if (n < 3 || cutoff <= 0) return;
  // 2nd-order Butterworth by the bilinear transform with pre-warping; the warped cut-off
  // divided by C = (2^(1/2) - 1)^(1/4) = 0.802 so two passes are -3 dB at `cutoff`
  const double correction = std::pow(std::sqrt(2.0) - 1.0, 0.25);
  const double k = std::tan(kPi * cutoff / rate) / correction;
  const double k2 = k * k, root2 = std::sqrt(2.0);
  const double norm = 1.0 / (1.0 + root2 * k + k2);
  const double b0 = k2 * norm, b1 = 2.0 * b0, b2 = b0;
  const double a1 = 2.0 * (k2 - 1.0) * norm, a2 = (1.0 - root2 * k + k2) * norm;
  // pad each end by an odd reflection (continues the slope), then start at rest at the
  // first value: no step at the edges
  const std::size_t pad = std::min(n - 1, static_cast<std::size_t>(std::ceil(3.0 * rate / cutoff)));
  std::vector<double> x(n + 2 * pad);
  for (std::size_t i = 0; i < pad; ++i) {
    x[i] = 2.0 * signal[0] - signal[pad - i];
    x[n + pad + i] = 2.0 * signal[n - 1] - signal[n - 2 - i];
  }
  std::copy(signal.begin(), signal.end(), x.begin() + static_cast<std::ptrdiff_t>(pad));
  auto pass = [&](auto begin, auto end) {
    double x1 = *begin, x2 = *begin, y1 = *begin, y2 = *begin;
    for (auto it = begin; it != end; ++it) {
      const double x0 = *it;
      const double y0 = b0 * x0 + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = x0;
      y2 = y1;
      y1 = y0;
      *it = y0;
    }
  };
  pass(x.begin(), x.end());
  pass(x.rbegin(), x.rend());
  std::copy(x.begin() + static_cast<std::ptrdiff_t>(pad),
            x.begin() + static_cast<std::ptrdiff_t>(pad + n), signal.begin());
}

double residual_cutoff(const std::vector<const std::vector<double>*>& signals, double rate) {
  // Winter (2009) 3.4.4.3: the residual between a signal and its filtered self, against the
  // cut-off, falls to a straight line where only noise is removed; that line's intercept at 0
  // Hz estimates the noise, and the cut-off whose residual equals it balances signal
  // distortion against noise passed. The line is fitted over 0.2-0.4 x the frame rate. The
  // residual is pooled over the signals (RMS over all of them), so one cut-off serves all.
  const double step = 0.25, top = 0.4 * rate;
  std::vector<double> cutoffs, residuals;
  std::vector<double> filtered;
  for (double fc = 0.5; fc <= top + 1e-9; fc += step) {
    double sum = 0, count = 0;
    for (const std::vector<double>* signal : signals) {
      filtered = *signal;
      low_pass(filtered, rate, fc);
      for (std::size_t i = 0; i < signal->size(); ++i) {
        sum += ((*signal)[i] - filtered[i]) * ((*signal)[i] - filtered[i]);
      }
      count += static_cast<double>(signal->size());
    }
    cutoffs.push_back(fc);
    residuals.push_back(std::sqrt(sum / count));
  }
  double sx = 0, sy = 0, sxx = 0, sxy = 0, count = 0;
  for (std::size_t k = 0; k < cutoffs.size(); ++k) {
    if (cutoffs[k] < 0.2 * rate) continue;
    sx += cutoffs[k];
    sy += residuals[k];
    sxx += cutoffs[k] * cutoffs[k];
    sxy += cutoffs[k] * residuals[k];
    ++count;
  }
  const double slope = (count * sxy - sx * sy) / (count * sxx - sx * sx);
  const double noise = (sy - slope * sx) / count;
  for (std::size_t k = 0; k < cutoffs.size(); ++k) {
    if (residuals[k] <= noise) return cutoffs[k];
  }
  return cutoffs.back();
}

namespace {

// The landmarks being worked on: one path per kind, in the file's units until to_metres().
using Points = std::array<Path, kNumLandmarkKinds>;

// Median over the frames of the distance between two landmarks.
double median_distance(const Points& paths, Landmark a, Landmark b) {
  const std::size_t n = paths[a].x.size();
  std::vector<double> d(n);
  for (std::size_t i = 0; i < n; ++i) {
    d[i] = std::hypot(paths[a].x[i] - paths[b].x[i], paths[a].y[i] - paths[b].y[i]);
  }
  return median(d);
}

// The tracked points (model.md 8.1, steps 1-2): unsure ones missing, image units, y up.
Points read_points(const Recording& rec, const AnalysisOptions& options, AnalysisReport& report) {
  const std::size_t n = rec.time.size();
  Points paths;
  // ---- the points, as the file has them -------------------------------------------------
  for (int l = 0; l < kNumLandmarkKinds; ++l) {
    const Track& t = rec.tracks[l];
    if (!t.present()) continue;
    Path& p = paths[l];
    p.present = true;
    p.x = t.x;
    p.y = t.y;
    for (std::size_t i = 0; i < n; ++i) {
      const bool unsure =
          std::isfinite(t.confidence[i]) && t.confidence[i] < options.min_confidence;
      if (unsure || !std::isfinite(p.x[i]) || !std::isfinite(p.y[i])) p.x[i] = p.y[i] = kNaN;
    }
  }
  double sx = 1, sy = 1;
  if (rec.units == "normalized") {
    if (options.image_width <= 0 || options.image_height <= 0) {
      throw InputError("image_width", exact_number(options.image_width),
                       rec.path +
                           " has coordinates as fractions of the image: give the image "
                           "size in pixels (--image-size WIDTHxHEIGHT)");
    }
    sx = options.image_width;
    sy = options.image_height;
    report.notes.push_back("normalized coordinates times the image size " + format_number(sx) +
                           " x " + format_number(sy) + " px");
  }
  const double flip = rec.y_down ? -1.0 : 1.0;  // y up from here on
  for (Path& p : paths) {
    for (std::size_t i = 0; i < p.x.size(); ++i) {
      p.x[i] *= sx;
      p.y[i] *= sy * flip;
    }
  }
  return paths;
}

// Short gaps filled, long ones refused or the point dropped (model.md 8.1, step 3).
void fill_points(Points& paths, const Recording& rec, const AnalysisOptions& options, double fps,
                 AnalysisReport& report) {
  // ---- gaps -------------------------------------------------------------------------------
  const bool have_bar = paths[kLmBar].present;
  for (Landmark l : {kLmAnkle, kLmKnee, kLmHip, kLmShoulder}) {
    if (!paths[l].present) {
      throw InputError("landmark", std::string(kLandmarkNames[l]),
                       "not in " + rec.path +
                           "; needed: ankle, knee, hip, shoulder and the "
                           "wrist or the bar");
    }
  }
  if (!have_bar && !paths[kLmWrist].present) {
    throw InputError("landmark", "wrist",
                     "not in " + rec.path +
                         " and no bar either: the "
                         "hands' path is needed");
  }
  double longest = 0;
  for (int l = 0; l < kNumLandmarkKinds; ++l) {
    Path& p = paths[l];
    if (!p.present) continue;
    double gap_start = 0;
    const double filled = fill_gaps(p, rec.time, options.max_gap, gap_start);
    if (filled >= 0) {
      longest = std::max(longest, filled);
      continue;
    }
    const bool needed = l == kLmAnkle || l == kLmKnee || l == kLmHip || l == kLmShoulder ||
                        (l == kLmWrist && !have_bar) || (l == kLmBar && !paths[kLmWrist].present);
    const std::string what = filled < -1e8 ? std::string("never seen")
                                           : "missing for " + format_number(-filled) +
                                                 " s from t = " + format_number(gap_start) + " s";
    if (needed) {
      throw InputError("landmark", std::string(kLandmarkNames[l]),
                       what + " in " + rec.path +
                           " (gaps up to max_gap = " + format_number(options.max_gap) +
                           " s are filled; seen less surely than min_confidence = " +
                           format_number(options.min_confidence) + " counts as missing)");
    }
    p.present = false;
    report.notes.push_back(std::string(kLandmarkNames[l]) + " not used: " + what);
  }
  if (longest > 0) {
    const double frames = std::round(longest * fps);
    report.notes.push_back(detail::format("gaps up to %.2f s (", longest) + format_number(frames) +
                           (frames == 1 ? " frame" : " frames") + ") filled" + " (max_gap " +
                           format_number(options.max_gap) + " s)");
  }
}

// Mirrored so that the lifter faces +x (model.md 8.1, step 4).
void face_forward(Points& paths, const AnalysisOptions& options, AnalysisReport& report) {
  const std::size_t n = paths[kLmAnkle].x.size();
  // ---- which way the lifter faces -----------------------------------------------------------
  std::string facing = options.facing;
  if (facing == "auto") {
    // the toes ahead of the heels; else the knees and hands ahead of the hips, as in a pull
    double ahead = 0;
    auto vote = [&](Landmark front, Landmark back) {
      std::vector<double> d(n);
      for (std::size_t i = 0; i < n; ++i) d[i] = paths[front].x[i] - paths[back].x[i];
      const double m = median(d);
      if (std::isfinite(m)) ahead += m > 0 ? 1 : -1;
    };
    if (paths[kLmToe].present && paths[kLmHeel].present) {
      vote(kLmToe, kLmHeel);
      ahead *= 3;
    }
    vote(kLmKnee, kLmHip);
    vote(paths[kLmBar].present ? kLmBar : kLmWrist, kLmHip);
    facing = ahead >= 0 ? "right" : "left";
    report.notes.push_back("the lifter faces " + facing + " in the image (found from the " +
                           (paths[kLmToe].present && paths[kLmHeel].present
                                ? "feet, knees and hands"
                                : "knees and hands ahead of the hips") +
                           ")");
  }
  report.facing = facing;
  if (facing == "left") {
    for (Path& p : paths) {
      for (double& x : p.x) x = -x;
    }
  }
}

// The camera's roll rotated out (model.md 8.1, step 5).
void level_camera(Points& paths, const AnalysisOptions& options, AnalysisReport& report) {
  const std::size_t n = paths[kLmAnkle].x.size();
  // ---- camera tilt: the plate's rim line is vertical, the heel-toe line level -----------
  const bool plate = paths[kLmPlateTop].present && paths[kLmPlateBottom].present;
  const bool feet = paths[kLmToe].present && paths[kLmHeel].present;
  if (options.level == "auto" && (plate || feet)) {
    std::vector<double> angle(n);
    for (std::size_t i = 0; i < n; ++i) {
      angle[i] = plate ? std::atan2(paths[kLmPlateTop].y[i] - paths[kLmPlateBottom].y[i],
                                    paths[kLmPlateTop].x[i] - paths[kLmPlateBottom].x[i]) -
                             0.5 * kPi
                       : std::atan2(paths[kLmToe].y[i] - paths[kLmHeel].y[i],
                                    paths[kLmToe].x[i] - paths[kLmHeel].x[i]);
    }
    const double tilt = median(angle);
    report.tilt_deg = tilt / kDegToRad;
    const double c = std::cos(-tilt), s = std::sin(-tilt);
    for (Path& p : paths) {
      for (std::size_t i = 0; i < p.x.size(); ++i) {
        const double x = p.x[i], y = p.y[i];
        p.x[i] = c * x - s * y;
        p.y[i] = s * x + c * y;
      }
    }
    report.notes.push_back(
        "camera tilt " + detail::format("%.1f", report.tilt_deg) + " deg corrected from " +
        (plate ? std::string("the plate's rim (top above bottom)")
               : std::string("the heel-toe line (the floor; a raised heel, as in lifting "
                             "shoes, tilts it: track the plate's rim or set level = none)")));
  } else if (options.level == "auto") {
    report.notes.push_back(
        "camera tilt not corrected: neither the plate's rim nor heel and toe "
        "are tracked");
  }
}

// Into metres (model.md 8.1, step 6).
void to_metres(Points& paths, const Recording& rec, const AnalysisOptions& options,
               const Lifter& lifter, const Model& model, AnalysisReport& report) {
  // ---- scale --------------------------------------------------------------------------------
  const double model_legs = model.segments[kShank].length + model.segments[kThigh].length;
  double scale = 1;
  if (rec.units == "m") {
    report.scale = "metres in the file";
    if (options.scale != "auto" || options.metres_per_pixel > 0) {
      report.notes.push_back("scale options ignored: the file is in metres");
    }
  } else if (options.metres_per_pixel > 0) {
    scale = options.metres_per_pixel;
    report.scale = "given: " + format_number(scale) + " m/px";
  } else if (options.scale == "plate" || (options.scale == "auto" && paths[kLmPlateTop].present &&
                                          paths[kLmPlateBottom].present)) {
    if (!paths[kLmPlateTop].present || !paths[kLmPlateBottom].present) {
      throw InputError("scale", "plate", "needs plate_top and plate_bottom tracked in " + rec.path);
    }
    const double d = median_distance(paths, kLmPlateTop, kLmPlateBottom);
    scale = options.plate_diameter / d;
    report.scale =
        "plate: " + format_number(options.plate_diameter) + " m across " + format_number(d) + " px";
  } else {
    const double legs =
        median_distance(paths, kLmAnkle, kLmKnee) + median_distance(paths, kLmKnee, kLmHip);
    scale = model_legs / legs;
    report.scale = "lifter: shank + thigh " + cm(model_legs) + " (from the stature " +
                   format_number(lifter.height) + " m) across " + format_number(legs) + " " +
                   rec.units;
  }
  if (!std::isfinite(scale) || scale <= 0) {
    throw InputError(
        "scale", report.scale,
        "the points it is measured between are 0 " + rec.units + " apart in " + rec.path);
  }
  report.metres_per_unit = scale;
  for (Path& p : paths) {
    for (std::size_t i = 0; i < p.x.size(); ++i) {
      p.x[i] *= scale;
      p.y[i] *= scale;
    }
  }
}

// Zero-lag low-pass filtering at the chosen or given cut-off (model.md 8.2).
void filter_points(Points& paths, const AnalysisOptions& options, double fps,
                   AnalysisReport& report) {
  // ---- filter ------------------------------------------------------------------------------
  double cutoff = options.cutoff;
  if (cutoff == 0) {
    // one cut-off for every point, by residual analysis pooled over the chain's coordinates
    std::vector<const std::vector<double>*> chain_coordinates;
    for (Landmark l : {kLmKnee, kLmHip, kLmL4L5, kLmShoulder, kLmWrist, kLmBar}) {
      if (!paths[l].present) continue;
      chain_coordinates.push_back(&paths[l].x);
      chain_coordinates.push_back(&paths[l].y);
    }
    cutoff = residual_cutoff(chain_coordinates, fps);
    report.notes.push_back("cut-off " + format_number(cutoff) +
                           " Hz by residual analysis (Winter 2009) of the chain's points "
                           "together: where the residual of filtering meets the noise level");
  }
  report.cutoff = cutoff;
  for (Path& p : paths) {
    if (!p.present) continue;
    low_pass(p.x, fps, cutoff);
    low_pass(p.y, fps, cutoff);
  }
}

// The ankle onto the model's; the video's segment lengths, and the model rebuilt from them when
// asked (model.md 8.3). Returns the landmark that is the hands' path.
Landmark onto_model(Points& paths, const Recording& rec, const AnalysisOptions& options,
                    const Setup& setup, Lifter& lifter, Model& model, AnalysisReport& report) {
  // ---- the ankle onto the model's (the foot is fixed to the floor) -----------------------
  {
    const double ax = median(paths[kLmAnkle].x), ay = median(paths[kLmAnkle].y);
    for (Path& p : paths) {
      for (std::size_t i = 0; i < p.x.size(); ++i) {
        p.x[i] += model.ankle.x() - ax;
        p.y[i] += model.ankle.y() - ay;
      }
    }
  }
  const Landmark hand = paths[kLmBar].present ? kLmBar : kLmWrist;
  report.notes.push_back(std::string("the hands' path from the ") +
                         (hand == kLmBar ? "bar" : "wrist"));
  // ---- segment lengths: the video's and the model's ----------------------------------------
  const std::array<std::pair<Landmark, Landmark>, 4> segment_ends = {
      {{kLmAnkle, kLmKnee}, {kLmKnee, kLmHip}, {kLmHip, kLmShoulder}, {kLmShoulder, hand}}};
  for (int s = 0; s < 4; ++s) {
    report.video_length[s] = median_distance(paths, segment_ends[s].first, segment_ends[s].second);
  }
  if (options.segment_lengths == "video") {
    if (rec.units != "m" && options.metres_per_pixel <= 0 && report.scale.rfind("plate", 0) != 0) {
      throw InputError("segment_lengths", "video",
                       "needs a scale that does not come from the lifter's legs: a metric "
                       "file, metres_per_pixel or a tracked plate");
    }
    const double h = lifter.height;
    set_field_text(lifter, "shank_ratio", exact_number(report.video_length[0] / h));
    set_field_text(lifter, "thigh_ratio", exact_number(report.video_length[1] / h));
    set_field_text(lifter, "torso_ratio", exact_number(report.video_length[2] / h));
    set_field_text(lifter, "arm_ratio", exact_number(report.video_length[3] / h));
    model = make_model(lifter, setup.load);
    report.notes.push_back(
        "segment lengths from the video (the hip-shoulder line as the "
        "torso: straight, as in a neutral lumbar spine)");
  }
  return hand;
}

// The chain fitted frame by frame, its residuals, and a refusal when it cannot follow the
// points (model.md 8.3, eq. 8.2).
std::vector<Vec5> fit_chain(const Points& paths, Landmark hand, const Model& model,
                            const Setup& setup, const Recording& rec, AnalysisReport& report) {
  const std::size_t n = rec.time.size();
  const double lumbar_prior = setup.lumbar_flexion_deg * kDegToRad;
  std::vector<Vec5> q(n, Vec5::Zero());
  // ---- fit the chain frame by frame ----------------------------------------------------------
  const bool fit_lumbar = paths[kLmL4L5].present;
  report.lumbar = fit_lumbar ? "fitted to the l4l5 point"
                             : "held at " + format_number(setup.lumbar_flexion_deg) +
                                   " deg flexion (lumbar_flexion_deg): no l4l5 point, and the "
                                   "hip and shoulder alone do not show it";
  const ChainFit fit(model, fit_lumbar, lumbar_prior);
  const std::array<Landmark, kNumLandmarks> chain = {kLmAnkle, kLmKnee,     kLmHip,
                                                     kLmL4L5,  kLmShoulder, hand};
  for (std::size_t i = 0; i < n; ++i) {
    std::array<Vec2, kNumLandmarks> target{};
    for (int k = 0; k < kNumLandmarks; ++k) {
      const Path& p = paths[chain[k]];
      target[k] = p.present ? Vec2(p.x[i], p.y[i]) : Vec2(kNaN, kNaN);
    }
    Vec5 guess;
    if (i == 0) {
      // straight lines between the points as the first guess
      Vec5 phi;
      auto angle = [&](int a, int b) {
        return std::atan2(target[b].y() - target[a].y(), target[b].x() - target[a].x());
      };
      phi[kShank] = angle(0, 1);
      phi[kThigh] = angle(1, 2);
      const double torso = angle(2, 4);
      phi[kTrunk] = fit_lumbar ? angle(3, 4) : torso;
      phi[kPelvis] = fit_lumbar ? angle(2, 3) : torso + lumbar_prior;
      phi[kArm] = angle(4, 5);
      guess = joint_angles(phi);
      for (int j = 0; j < kNumJoints; ++j) {  // angles unwrapped near zero
        guess[j] = std::remainder(guess[j], 2.0 * kPi);
      }
    } else {
      guess = q[i - 1];
    }
    q[i] = fit.solve(target, guess);
  }
  // residuals over the frames, per landmark
  for (int k = 1; k < kNumLandmarks; ++k) {
    const Landmark l = chain[k];
    if (!paths[l].present) continue;
    double sum = 0, largest = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const Vec2 e = fit.landmarks(q[i])[k] - Vec2(paths[l].x[i], paths[l].y[i]);
      sum += e.squaredNorm();
      largest = std::max(largest, e.norm());
    }
    report.rms_residual[l] = std::sqrt(sum / static_cast<double>(n));
    report.max_residual[l] = largest;
  }
  {
    double sum = 0, largest = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const Vec2 e = model.ankle - Vec2(paths[kLmAnkle].x[i], paths[kLmAnkle].y[i]);
      sum += e.squaredNorm();
      largest = std::max(largest, e.norm());
    }
    report.rms_residual[kLmAnkle] = std::sqrt(sum / static_cast<double>(n));
    report.max_residual[kLmAnkle] = largest;
  }
  // a chain that cannot follow the points: the loads would be of another motion
  for (int l = 0; l < kNumLandmarkKinds; ++l) {
    if (report.rms_residual[l] > kMaxFitResidual) {
      throw InputError(
          "landmark", std::string(kLandmarkNames[l]),
          "the lifter's chain passes " + cm(report.rms_residual[l]) + " from it in " + rec.path +
              " (RMS; at most " + cm(kMaxFitResidual) +
              "): check the landmark names, that one person is tracked, "
              "and the lifter's proportions (segment_lengths = video with a known scale)");
    }
  }
  return q;
}

// A Recording built in code must hold one value per frame in every track.
void check_recording(const Recording& given) {
  if (given.time.size() < 2) {
    throw InputError(given.path, std::to_string(given.time.size()) + " frames",
                     "a lift needs at least 2 frames");
  }
  for (int l = 0; l < kNumLandmarkKinds; ++l) {
    const Track& t = given.tracks[l];
    if (t.present() && (t.x.size() != given.time.size() || t.y.size() != given.time.size() ||
                        t.confidence.size() != given.time.size())) {
      throw InputError(std::string(kLandmarkNames[l]), std::to_string(t.x.size()) + " values",
                       "a track needs one x, y and confidence per frame (" +
                           std::to_string(given.time.size()) + ")");
    }
  }
  if (!given.angles.empty() && given.angles.size() != given.time.size()) {
    throw InputError(
        "angles", std::to_string(given.angles.size()) + " frames",
        "one set of joint angles per frame (" + std::to_string(given.time.size()) + ")");
  }
}

// Joint angles from a .mot, filtered like keypoints (model.md 8.4).
std::vector<Vec5> angles_from_file(const Recording& rec, const AnalysisOptions& options, double fps,
                                   AnalysisReport& report) {
  const std::size_t n = rec.time.size();
  std::vector<Vec5> q;
  // joint angles from OpenSim: filtered like the keypoints, the chain rooted at the foot
  q = rec.angles;
  std::array<std::vector<double>, kNumJoints> series;
  std::vector<const std::vector<double>*> angles;
  for (int j = 0; j < kNumJoints; ++j) {
    series[j].resize(n);
    for (std::size_t i = 0; i < n; ++i) series[j][i] = q[i][j];
    angles.push_back(&series[j]);
  }
  report.cutoff = options.cutoff == 0 ? residual_cutoff(angles, fps) : options.cutoff;
  for (int j = 0; j < kNumJoints; ++j) {
    low_pass(series[j], fps, report.cutoff);
    for (std::size_t i = 0; i < n; ++i) q[i][j] = series[j][i];
  }
  report.metres_per_unit = 1;
  report.scale = "joint angles: no scale";
  report.facing = "right";
  report.lumbar = "from the file";
  report.notes.push_back(
      "joint angles read as the model's: the foot flat on the floor, the "
      "chain from the ankle up (docs/model.md 8.4)");
  return q;
}

// The part of a clip with the bar in the hands, and its rise (model.md 8.5).
struct LiftWindow {
  std::size_t first = 0, last = 0;  // frames analysed
  std::size_t bottom = 0, top = 0;  // the rise: the largest gain in the bar's height
  bool rises = false;               // it gains at least 1 cm
};
LiftWindow lift_window(const std::vector<double>& bar_y, const Recording& rec, double dt,
                       AnalysisReport& report) {
  const std::size_t n = bar_y.size();
  const double lowest = *std::min_element(bar_y.begin(), bar_y.end());
  const double highest = *std::max_element(bar_y.begin(), bar_y.end());
  if (highest - lowest < detail::kLiftoffRise) {
    throw InputError(rec.path, "the bar moves " + cm(highest - lowest),
                     "nothing was lifted: a lift moves the bar at least 1 cm");
  }
  auto resting = [&](std::size_t i) { return bar_y[i] <= lowest + kRestBand; };
  const bool from_floor = bar_y[0] <= lowest + 2.0 * kRestBand;
  std::size_t first = 0, last = n - 1;
  if (from_floor) {
    std::size_t up = 0;
    while (bar_y[up] < lowest + detail::kLiftoffRise) ++up;
    // the bar breaks from the floor where it last sat at its resting height (the median of
    // the frames before the rise that are within 5 mm of the lowest) before rising 1 cm
    std::vector<double> at_rest;
    for (std::size_t i = 0; i < up; ++i) {
      if (resting(i)) at_rest.push_back(bar_y[i]);
    }
    const double rest = at_rest.empty() ? lowest : median(at_rest);
    first = up;
    while (first > 0 && bar_y[first] > rest + kBreakRise) --first;
    // the first set-down after the rise ends the lift: the floor carries the bar again
    for (std::size_t i = up; i < n; ++i) {
      if (resting(i)) {
        last = i;
        break;
      }
    }
  } else {
    // from the hang: the whole clip, unless it ends with the bar set down at its lowest
    std::size_t rest_start = n;
    while (rest_start > 1 && resting(rest_start - 1)) --rest_start;
    if (rest_start < n && static_cast<double>(n - rest_start) * dt >= kSetDownRest) {
      last = rest_start;
    }
  }
  // the rise: the largest gain in height, from `bottom` to `top`, within the part analysed
  std::size_t bottom = first, top = first, low = first;
  for (std::size_t i = first; i <= last; ++i) {
    if (bar_y[i] < bar_y[low]) low = i;
    if (bar_y[i] - bar_y[low] > bar_y[top] - bar_y[bottom]) {
      bottom = low;
      top = i;
    }
  }
  const bool rises = bar_y[top] - bar_y[bottom] >= detail::kLiftoffRise;
  if (static_cast<double>(last - first) * dt < kMinAnalysed) {
    throw InputError(
        rec.path,
        "the bar in the hands for " + format_number(static_cast<double>(last - first) * dt) + " s",
        "too short to analyse: at least " + format_number(kMinAnalysed) + " s");
  }
  report.start_time = rec.time[first];
  report.end_time = rec.time[last];
  if (first > 0 || last < n - 1) {
    report.notes.push_back(detail::format("analysed %.2f to %.2f s of %.2f to %.2f",
                                          report.start_time, report.end_time, rec.time.front(),
                                          rec.time.back()) +
                           " s: before and after, the bar rests on the floor and its share of "
                           "the hands' pull is unknown");
  }
  for (std::size_t i = last + 1; i < n; ++i) {
    if (bar_y[i] >= lowest + detail::kLiftoffRise) {
      report.notes.push_back(
          "the clip holds more than one lift: the first is analysed; cut "
          "the clip to analyse the others");
      break;
    }
  }
  return {first, last, bottom, top, rises};
}

}  // namespace

Analysis analyze(const Recording& given, const Lifter& lifter_in, const Setup& setup_in,
                 const AnalysisOptions& options) {
  validate_fields(options);
  Setup setup = setup_in;
  validate_fields(setup);
  if (setup.load_percent > 0) {
    throw InputError("load_percent", exact_number(setup.load_percent) + "%",
                     "a filmed lift needs the load in kg (--load)");
  }
  // the fit's arm is the straight arm from the shoulder to the bar in the hands
  if (setup.lockout_load != "thighs" || setup.motion == "hold") {
    throw InputError(setup.lockout_load != "thighs" ? "lockout_load" : "motion",
                     setup.lockout_load != "thighs" ? "\"" + setup.lockout_load + "\"" : "\"hold\"",
                     "a filmed lift is analysed as a bar lifted in the hands (lockout_load = "
                     "\"thighs\", not a hold)");
  }
  if (setup.walking) {  // a filmed lift's motion is measured, not a hold walked to a gait
    throw InputError("walking", "true",
                     "a filmed lift is analysed from its own motion; walking is a hold's "
                     "(motion = \"hold\")");
  }
  // the video's side view measures the legs as they look; a stance would shorten them again
  if (setup.stance_width != 0.0 || setup.foot_angle_deg != 0.0) {
    const bool width = setup.stance_width != 0.0;
    throw InputError(width ? "stance_width" : "foot_angle_deg",
                     exact_number(width ? setup.stance_width : setup.foot_angle_deg),
                     "a filmed lift's legs are measured as the side view shows them, a wide "
                     "stance's included: leave the stance at 0");
  }
  const SpineInputs spine = spine_inputs(setup);
  Lifter lifter = lifter_in;
  Model model = make_model(lifter, setup.load);  // validates the lifter

  check_recording(given);
  double fps = 0;
  std::string clock_note;
  const Recording rec = on_even_clock(given, fps, clock_note);

  Analysis out;
  AnalysisReport& report = out.report;
  report.path = rec.path;
  report.format = rec.format;
  report.side = rec.side;
  report.units = rec.units;
  report.notes = rec.notes;
  report.rms_residual.fill(kNaN);
  report.max_residual.fill(kNaN);
  report.video_length.fill(kNaN);
  report.frames = given.time.size();
  if (!clock_note.empty()) report.notes.push_back(clock_note);
  report.fps = fps;
  if (options.cutoff > 0 && options.cutoff >= 0.4 * fps) {
    throw InputError("cutoff", exact_number(options.cutoff) + " Hz",
                     "must be below " + format_number(0.4 * fps) + " Hz (0.4 x the " +
                         format_number(fps) + " frames per second), or 0 for residual analysis");
  }
  const std::size_t n = rec.time.size();
  const double dt = 1.0 / fps;

  std::vector<Vec5> q(n, Vec5::Zero());
  if (!rec.angles.empty()) {
    q = angles_from_file(rec, options, fps, report);
  } else {
    Points paths = read_points(rec, options, report);
    fill_points(paths, rec, options, fps, report);
    face_forward(paths, options, report);
    level_camera(paths, options, report);
    to_metres(paths, rec, options, lifter, model, report);
    filter_points(paths, options, fps, report);
    const Landmark hand = onto_model(paths, rec, options, setup, lifter, model, report);
    q = fit_chain(paths, hand, model, setup, rec, report);
  }
  for (int s = 0; s < 4; ++s) {
    const std::array<std::pair<int, int>, 4> ends = {
        {{kShank, kShank}, {kThigh, kThigh}, {kPelvis, kTrunk}, {kArm, kArm}}};
    report.model_length[s] =
        model.segments[ends[s].first].length +
        (ends[s].first != ends[s].second ? model.segments[ends[s].second].length : 0.0);
  }

  // ---- rates, the part with the bar in the hands, and the loads ------------------------------
  const std::vector<Vec5> qdot = derivative(q, dt), qddot = derivative(qdot, dt);
  Data data;
  std::vector<double> bar_y(n), knee_deg(n), hip_deg(n);
  for (std::size_t i = 0; i < n; ++i) {
    forward_kinematics(model, data, q[i]);
    bar_y[i] = data.landmark[kNumLandmarks - 1].y();
    knee_deg[i] = q[i][1] / kDegToRad;
    hip_deg[i] = q[i][2] / kDegToRad;
  }
  const LiftWindow window = lift_window(bar_y, rec, dt, report);
  const std::size_t first = window.first, last = window.last, bottom = window.bottom,
                    top = window.top;
  const bool rises = window.rises;
  const bool locked_out = knee_deg[top] <= kLockoutKneeDeg && hip_deg[top] <= kLockoutHipDeg;

  Result& result = out.result;
  result.lifter = lifter;
  result.setup = setup;
  result.setup.name = setup_in.name == Setup{}.name
                          ? std::filesystem::path(rec.path).filename().string()
                          : setup_in.name;
  result.options = SimulationOptions{};
  result.options.rate = fps;
  result.source = "measured: " + rec.path;
  Summary& summary = result.summary;
  summary = Summary{};
  const std::size_t count = last - first + 1;
  for (int c = 0; c < kNumChannels; ++c) result.series[c].assign(count * kChannels[c].width, 0.0);
  // the events belong to the rise, from its bottom (the floor, or the low point of a lift from
  // the hang) to its top
  detail::SummaryAccumulator accumulate(model, bar_y[bottom], bar_y[top], summary);
  for (std::size_t i = first; i <= last; ++i) {
    const double t = rec.time[i] - rec.time[first];
    StateLoads loads = loads_of_state(model, data, q[i], qdot[i], qddot[i], Vec2::Zero(), spine);
    accumulate.set_rising(i >= bottom);
    accumulate.add(i == first, t, loads, torque_limits(model, q[i], qdot[i]), false, 1.0,
                   data.phi[kTrunk], data.landmark[1].y());
    detail::write_sample(result, i - first, t, q[i], qdot[i], qddot[i], loads);
    if (i == first) {
      for (int j = 0; j < kNumJoints; ++j) summary.start_angles_deg[j] = q[i][j] / kDegToRad + 0.0;
      summary.start_angles_deg[5] = data.phi[kTrunk] / kDegToRad;
      summary.start_com_x = center_of_mass(model, data).x();
      summary.bar_inside_legs.value = std::numeric_limits<double>::quiet_NaN();  // not planned
      for (int k = 0; k < kNumLandmarks; ++k) summary.start_landmarks[k] = data.landmark[k];
      summary.start_landmarks[kNumLandmarks] = data.landmark[kNumLandmarks - 1];
    }
  }
  summary.cop_inside_foot =
      summary.cop_min >= model.heel_x - 1e-9 && summary.cop_max <= model.toe_x + 1e-9;
  if (!rises) {
    summary.completed = false;
    summary.lockout_time = summary.lockout_lever = summary.lockout_trunk_deg = kNaN;
    summary.status = "measured: the bar is not raised in the clip (only lowered)";
  } else if (locked_out) {
    summary.completed = true;
    summary.status = "completed";
  } else {
    summary.completed = false;
    summary.lockout_time = summary.lockout_lever = summary.lockout_trunk_deg = kNaN;
    summary.status = "measured: no lockout in the clip (at the bar's highest the knees are at " +
                     format_number(std::round(knee_deg[top])) + " deg and the hips at " +
                     format_number(std::round(hip_deg[top])) + " deg of flexion)";
  }
  if (summary.max_torque_ratio > 1.0) {
    report.notes.push_back(
        "the measured motion asks up to " +
        format_number(std::round(100 * summary.max_torque_ratio)) +
        "% of the model's joint strength: the lifter is stronger than the model (raise the "
        "lifter's strength), or keypoint noise adds to the peak");
  }
  return out;
}

Analysis analyze_file(const std::string& path, const Lifter& lifter, const Setup& setup,
                      const AnalysisOptions& options) {
  validate_fields(options);
  ReadOptions read;
  read.format = options.format;
  read.fps = options.fps;
  read.image_width = options.image_width;
  read.image_height = options.image_height;
  read.units = options.units;
  read.side = options.side;
  return analyze(read_recording(path, read), lifter, setup, options);
}

}  // namespace spineload
