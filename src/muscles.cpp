// Lumbar muscle geometry and load sharing (docs/model.md 6.5-6.7).
#include "spineload/muscles.hpp"

#include <algorithm>
#include <cmath>

namespace spineload {

MuscleGeometry muscle_geometry(const MuscleParameters& muscles, double fraction) {
  const auto& x = muscles.flexion;
  const double f = std::clamp(fraction, x.front(), x.back());
  int k = 0;
  while (k + 2 < kNumFlexionNodes && f > x[k + 1]) ++k;
  const double w = (f - x[k]) / (x[k + 1] - x[k]);
  const auto lerp = [w](double a, double b) { return a + w * (b - a); };
  MuscleGeometry out;
  out.lordosis = lerp(muscles.lordosis[k], muscles.lordosis[k + 1]);
  for (int i = 0; i < kNumMuscleGroups; ++i) {
    const MuscleLine &a = muscles.line[i][k], &b = muscles.line[i][k + 1];
    out.line[i] = {lerp(a.moment_arm, b.moment_arm), lerp(a.pull_compression, b.pull_compression),
                   lerp(a.pull_shear, b.pull_shear)};
  }
  return out;
}

MuscleShare share_muscle_moment(const MuscleArray& moment_arm, const MuscleArray& max_force,
                                const MuscleArray& floor_activation, double moment) {
  MuscleShare out;
  // everyone at the floor first; the side that must pull more is the one whose moment arms
  // have the sign of what is still missing
  double missing = moment;
  for (int i = 0; i < kNumMuscleGroups; ++i) {
    out.force[i] = floor_activation[i] * max_force[i];
    missing -= moment_arm[i] * out.force[i];
  }
  const double side = missing >= 0 ? 1.0 : -1.0;
  // along that side, with r = side x moment arm > 0: activation a_i(c) = clamp(c w_i, floor, 1),
  // w_i = sqrt(r_i F_i), and the moment g(c) = sum r_i F_i a_i(c) is piecewise linear in c
  MuscleArray weight{};
  std::array<double, 2 * kNumMuscleGroups> breaks{};
  int num_breaks = 0;
  double full = 0;  // g at full activation, above the floors
  for (int i = 0; i < kNumMuscleGroups; ++i) {
    const double r = side * moment_arm[i];
    if (r <= 0 || max_force[i] <= 0) continue;
    weight[i] = std::sqrt(r * max_force[i]);
    breaks[num_breaks++] = floor_activation[i] / weight[i];
    breaks[num_breaks++] = 1.0 / weight[i];
    full += r * max_force[i] * (1.0 - floor_activation[i]);
  }
  const double needed = side * missing;  // >= 0
  auto activation = [&](int i, double c) {
    return std::clamp(c * weight[i], floor_activation[i], 1.0);
  };
  if (needed == 0.0 || num_breaks == 0) {
    // nothing to add (or no group can add it: the floors stand)
  } else if (needed >= full) {
    // beyond capacity: the pulling groups share what is left in proportion to their strength
    double capacity = 0;
    for (int i = 0; i < kNumMuscleGroups; ++i) {
      if (weight[i] > 0) capacity += side * moment_arm[i] * max_force[i];
    }
    const double scale = (needed + capacity - full) / capacity;  // >= 1
    for (int i = 0; i < kNumMuscleGroups; ++i) {
      if (weight[i] > 0) out.force[i] = scale * max_force[i];
    }
  } else {
    std::sort(breaks.begin(), breaks.begin() + num_breaks);
    auto added = [&](double c) {  // g(c) minus the floors' moment
      double sum = 0;
      for (int i = 0; i < kNumMuscleGroups; ++i) {
        if (weight[i] > 0) {
          sum += side * moment_arm[i] * max_force[i] * (activation(i, c) - floor_activation[i]);
        }
      }
      return sum;
    };
    // the interval [lo, hi] of c between breakpoints where g crosses the moment needed; g is
    // linear there, so one secant step is exact
    double lo = 0, g_lo = 0, hi = breaks[num_breaks - 1], g_hi = full;
    for (int b = 0; b < num_breaks; ++b) {
      const double g = added(breaks[b]);
      if (g >= needed) {
        hi = breaks[b];
        g_hi = g;
        break;
      }
      lo = breaks[b];
      g_lo = g;
    }
    const double c = g_hi > g_lo ? lo + (needed - g_lo) * (hi - lo) / (g_hi - g_lo) : hi;
    for (int i = 0; i < kNumMuscleGroups; ++i) {
      if (weight[i] > 0) out.force[i] = activation(i, c) * max_force[i];
    }
  }
  for (int i = 0; i < kNumMuscleGroups; ++i) {
    if (max_force[i] > 0)
      out.peak_activation = std::max(out.peak_activation, out.force[i] / max_force[i]);
  }
  return out;
}

}  // namespace spineload
