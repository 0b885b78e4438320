// Shared fixtures for the physics tests: sample lifters built in code, named tolerances.
#pragma once

#include <random>

#include "spineload/lifter.hpp"
#include "spineload/model.hpp"
#include "spineload/setup.hpp"

namespace spineload::test {

// Two algorithms computing the same quantity agree to round-off.
inline constexpr double kRoundOff = 1e-9;

inline Lifter average_male() {
  Lifter lifter;
  lifter.name = "test_male";
  lifter.height = 1.741;
  lifter.mass = 73.0;
  return lifter;
}

inline Lifter average_female() {
  Lifter lifter;
  lifter.name = "test_female";
  lifter.sex = "female";
  lifter.height = 1.735;
  lifter.mass = 61.9;
  return lifter;
}

// A random but plausible joint configuration (rad) and rates.
inline Vec5 random_vector(std::mt19937& rng, double scale) {
  std::uniform_real_distribution<double> dist(-scale, scale);
  Vec5 v;
  for (int i = 0; i < 5; ++i) v[i] = dist(rng);
  return v;
}

}  // namespace spineload::test
